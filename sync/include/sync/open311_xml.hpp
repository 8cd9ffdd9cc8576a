// Open311 GeoReport v2 codec in XML, the spec's mandatory format: the same plain
// structs as open311.hpp, the same contract (nullopt and `why` for a body that is not
// Open311; ids and codes opaque; "true"/"false" and numbers as text accepted).
// Element names follow the spec: <services><service>, <service_requests><request>,
// <service_definition><attributes><attribute><values><value>, <errors><error>,
// <service_request_updates><request_update>. No IO.
#pragma once
#include "sync/open311.hpp"

namespace wk::open311::xml {

// --- client side
std::optional<PostResult> parse_post_response(std::string_view body, std::string& why);
std::optional<std::vector<ServiceRequest>> parse_requests(std::string_view body, std::string& why);
std::optional<std::vector<Service>> parse_services(std::string_view body, std::string& why);
std::optional<ServiceDefinition> parse_service_definition(std::string_view body, std::string& why);
std::optional<std::vector<RequestUpdate>> parse_updates(std::string_view body, std::string& why);
std::vector<ApiError> parse_errors(std::string_view body);

// --- server side
std::string services_xml(const std::vector<Service>& s);
std::string post_response_xml(const PostResult& r);
std::string requests_xml(const std::vector<ServiceRequest>& r);
std::string errors_xml(const std::vector<ApiError>& e);
std::string service_definition_xml(const ServiceDefinition& d);
std::string updates_xml(const std::vector<RequestUpdate>& u);

// Text for an XML 1.0 element: & < > " ' as entities, CR as &#13;, other C0 controls
// as U+FFFD. For the few answers (discovery, tokens) written outside this codec.
std::string escape(std::string_view s);

}  // namespace wk::open311::xml
