// Open311 GeoReport v2 codec (JSON), shared by the agent and the reference portal so
// both ends of the wire are tested against each other. Plain structs in, text out and
// back; no IO. Every id and code is an opaque string; numbers and booleans sent as
// strings are accepted. A body that is not Open311 (HTML, truncated, wrong shape) is
// reported as such and never mistaken for success.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock.hpp"

namespace wk::open311 {

struct Service {
    std::string service_code;
    std::string service_name;
    std::string description;
    std::string group;
    std::string type = "realtime";  // realtime, batch, blackbox
    bool metadata = false;
};

// What the agent POSTs to /requests.
struct PostRequest {
    std::string api_key;
    std::string jurisdiction_id;
    std::string service_code;
    std::string description;
    std::string address_string;
    std::optional<double> lat, lon;
    std::string device_id;
    std::string first_name, last_name, phone;  // only when the citizen gave them
    std::map<std::string, std::string> attributes;  // attribute[CODE]=value
};

struct PostResult {
    std::string service_request_id;  // exactly one of these two is non-empty
    std::string token;
    std::string service_notice;
};

struct ServiceRequest {
    std::string service_request_id;
    std::string status;
    std::string status_notes;
    std::string service_name;
    std::string service_code;
    std::string description;
    std::string agency_responsible;
    std::string requested_datetime;
    std::string updated_datetime;
    std::string expected_datetime;
    std::string address;
    std::optional<double> lat, lon;
    // The attributes sent with it, where a server gives them back (most do not): JSON
    // "attributes" as an object {code: value} or a list of {code, value}; XML
    // <attributes><attribute><code/><value/></attribute></attributes>.
    std::map<std::string, std::string> attributes;
    std::string address_id;  // the server's own location id, when the client gave one
    std::string media_url;   // a photo of the problem, public; empty when none
};

struct ApiError {
    std::string code;
    std::string description;
};

// One attribute of a service definition (GET /services/{code}).
struct Attribute {
    std::string code;
    std::string datatype = "string";  // string, number, datetime, text, singlevaluelist, multivaluelist
    bool variable = true;             // false: informational only, nothing to answer
    bool required = false;
    std::string datatype_description;
    int order = 0;
    std::string description;          // the question put to the citizen
    std::vector<std::pair<std::string, std::string>> values;  // key, name (for the list types)
};

struct ServiceDefinition {
    std::string service_code;
    std::vector<Attribute> attributes;
};

// One row of the servicerequestupdates extension.
struct RequestUpdate {
    std::string update_id;
    std::string service_request_id;
    std::string status;
    std::string description;  // the agency's note; becomes the request's status_notes
    std::string updated_datetime;
    std::string media_url;
};

enum class Format { json, xml };
inline const char* extension(Format f) { return f == Format::xml ? ".xml" : ".json"; }

// --- forms
std::string url_encode(std::string_view s);
std::string encode_form(const PostRequest& r);
// Decodes application/x-www-form-urlencoded. Returns nullopt on a malformed escape.
std::optional<std::multimap<std::string, std::string>> decode_form(std::string_view body);

// --- responses, client side. Each returns nullopt and sets `why` when the body is not
// the Open311 shape expected.
std::optional<PostResult> parse_post_response(std::string_view body, std::string& why);
std::optional<std::vector<ServiceRequest>> parse_requests(std::string_view body, std::string& why);
std::optional<std::vector<Service>> parse_services(std::string_view body, std::string& why);
std::vector<ApiError> parse_errors(std::string_view body);  // empty when the body is not an error array
std::optional<ServiceDefinition> parse_service_definition(std::string_view body, std::string& why);
std::optional<std::vector<RequestUpdate>> parse_updates(std::string_view body, std::string& why);

// --- responses, server side
std::string services_json(const std::vector<Service>& s);
std::string post_response_json(const PostResult& r);
std::string requests_json(const std::vector<ServiceRequest>& r);
std::string errors_json(const std::vector<ApiError>& e);
std::string service_definition_json(const ServiceDefinition& d);
std::string updates_json(const std::vector<RequestUpdate>& u);

// --- dates: W3C ISO 8601 with a time zone
std::string iso8601(UnixMs t);                             // "2026-11-28T12:00:00Z"
std::optional<UnixMs> parse_iso8601(std::string_view s);  // Z or +hh:mm / -hh:mm

}  // namespace wk::open311
