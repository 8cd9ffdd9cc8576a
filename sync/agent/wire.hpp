// The agent's choice of wire format: one call per Open311 answer, JSON or XML as the
// config says, so the upload and pull code is written once. Header-only dispatch.
#pragma once
#include "sync/open311.hpp"
#include "sync/open311_xml.hpp"

namespace wk::agent::wire {
using open311::Format;

inline const char* accept(Format f) { return f == Format::xml ? "Accept: application/xml" : "Accept: application/json"; }

inline std::optional<open311::PostResult> post_result(Format f, std::string_view b, std::string& why) {
    return f == Format::xml ? open311::xml::parse_post_response(b, why) : open311::parse_post_response(b, why);
}
inline std::optional<std::vector<open311::ServiceRequest>> requests(Format f, std::string_view b, std::string& why) {
    return f == Format::xml ? open311::xml::parse_requests(b, why) : open311::parse_requests(b, why);
}
inline std::optional<std::vector<open311::Service>> services(Format f, std::string_view b, std::string& why) {
    return f == Format::xml ? open311::xml::parse_services(b, why) : open311::parse_services(b, why);
}
inline std::optional<open311::ServiceDefinition> definition(Format f, std::string_view b, std::string& why) {
    return f == Format::xml ? open311::xml::parse_service_definition(b, why) : open311::parse_service_definition(b, why);
}
inline std::optional<std::vector<open311::RequestUpdate>> updates(Format f, std::string_view b, std::string& why) {
    return f == Format::xml ? open311::xml::parse_updates(b, why) : open311::parse_updates(b, why);
}
// Error bodies come in either format whatever was asked for: try both.
inline std::vector<open311::ApiError> errors(std::string_view b) {
    auto e = open311::parse_errors(b);
    return e.empty() ? open311::xml::parse_errors(b) : e;
}

// Every error entry the server gave, joined: a server's first entry is often generic
// ("Error in input for POST_Service_Request") and the reason staff need comes later.
inline std::string error_text(const std::vector<open311::ApiError>& errors) {
    std::string out;
    for (const auto& e : errors) {
        if (e.description.empty() || out.find(e.description) != std::string::npos) continue;
        out += (out.empty() ? "" : "; ") + e.description;
    }
    return out;
}

}  // namespace wk::agent::wire
