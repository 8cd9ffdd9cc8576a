// Format selection and the few answers that sync/open311*.hpp does not encode
// (discovery, token, update id). Everything else is a call to the shared codec.
#include "portal_format.hpp"

#include <nlohmann/json.hpp>

#include "compress.hpp"
#include "sync/open311_xml.hpp"

namespace wk::portal {
using httplib::Request;
using httplib::Response;
using open311::Format;

// With a charset parameter, so that cpp-httplib does not compress them on its own:
// compress.hpp decides (gzip, from 1 KiB).
static const char* const kJson = "application/json; charset=utf-8";
static const char* const kXml = "application/xml; charset=utf-8";

Format format_of(const Request& q) {
    if (q.matches.size() > 1) return q.matches[q.matches.size() - 1] == "xml" ? Format::xml : Format::json;
    const std::string& p = q.path;
    return p.size() >= 4 && p.compare(p.size() - 4, 4, ".xml") == 0 ? Format::xml : Format::json;
}

// Encodes `v` with whichever of the two encoders the route's format wants.
template <typename T, typename J, typename X>
static void send(const Request& q, Response& s, int status, const T& v, J json, X xml) {
    s.status = status;
    if (format_of(q) == Format::xml) set_body(q, s, xml(v), kXml);
    else set_body(q, s, json(v), kJson);
}

void send_error(const Request& q, Response& s, int status, const std::string& description) {
    std::vector<open311::ApiError> e = {{std::to_string(status), description}};
    send(q, s, status, e, open311::errors_json, open311::xml::errors_xml);
}

void reply(const Request& q, Response& s, int status, const std::vector<open311::Service>& v) {
    send(q, s, status, v, open311::services_json, open311::xml::services_xml);
}

void reply(const Request& q, Response& s, int status, const open311::ServiceDefinition& d) {
    send(q, s, status, d, open311::service_definition_json, open311::xml::service_definition_xml);
}

void reply(const Request& q, Response& s, int status, const open311::PostResult& r) {
    send(q, s, status, r, open311::post_response_json, open311::xml::post_response_xml);
}

void reply(const Request& q, Response& s, int status, const std::vector<open311::ServiceRequest>& v) {
    send(q, s, status, v, open311::requests_json, open311::xml::requests_xml);
}

void reply(const Request& q, Response& s, int status, const std::vector<open311::RequestUpdate>& v) {
    send(q, s, status, v, open311::updates_json, open311::xml::updates_xml);
}

static const char* const kXmlHead = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

static std::string leaf(const char* name, const std::string& value) {
    return std::string("<") + name + ">" + open311::xml::escape(value) + "</" + name + ">";
}

void reply_update_id(const Request& q, Response& s, const std::string& update_id) {
    auto json = [](const std::string& id) { return nlohmann::json::array({{{"update_id", id}}}).dump(); };
    auto xml = [](const std::string& id) {
        return kXmlHead + ("<service_request_updates><request_update>" + leaf("update_id", id) +
                           "</request_update></service_request_updates>\n");
    };
    send(q, s, 201, update_id, json, xml);
}

void reply_token(const Request& q, Response& s, const std::string& token, const std::string& service_request_id) {
    auto json = [&](const std::string& id) {
        nlohmann::json a = nlohmann::json::array();
        if (!id.empty()) a.push_back({{"token", token}, {"service_request_id", id}});
        return a.dump();
    };
    auto xml = [&](const std::string& id) {
        std::string rows = id.empty() ? "" : "<request>" + leaf("token", token) + leaf("service_request_id", id) + "</request>";
        return kXmlHead + ("<service_requests>" + rows + "</service_requests>\n");
    };
    send(q, s, 200, service_request_id, json, xml);
}

void reply_discovery(const Request& q, Response& s, const std::string& url) {
    const std::string changeset = "2026-01-01T00:00:00Z", spec = "http://wiki.open311.org/GeoReport_v2";
    const std::string key = "api_key issued by the province to each ward kiosk";
    auto json = [&](const std::string& u) {
        nlohmann::json endpoint = {{"specification", spec}, {"url", u}, {"changeset", changeset},
                                   {"type", "production"}, {"formats", {"text/xml", "application/json"}}};
        return nlohmann::json({{"changeset", changeset}, {"contact", ""}, {"key_service", key},
                               {"endpoints", nlohmann::json::array({endpoint})}})
            .dump();
    };
    auto xml = [&](const std::string& u) {
        return kXmlHead + ("<discovery>" + leaf("changeset", changeset) + "<contact/>" + leaf("key_service", key) +
                           "<endpoints><endpoint>" + leaf("specification", spec) + leaf("url", u) +
                           leaf("changeset", changeset) + "<type>production</type><formats>"
                           "<format>text/xml</format><format>application/json</format></formats>"
                           "</endpoint></endpoints></discovery>\n");
    };
    send(q, s, 200, url, json, xml);
}

}  // namespace wk::portal
