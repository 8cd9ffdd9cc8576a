// Open311 JSON codec with nlohmann-json (parsing without exceptions).
// [SECTION] forms  [SECTION] lenient field access  [SECTION] client side
// [SECTION] server side  [SECTION] dates
#include "sync/open311.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace wk::open311 {
using nlohmann::json;

// [SECTION] forms
std::string url_encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

static void add(std::string& out, std::string_view k, std::string_view v) {
    if (!out.empty()) out += '&';
    out += url_encode(k);
    out += '=';
    out += url_encode(v);
}

static std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.7f", v);
    return buf;
}

std::string encode_form(const PostRequest& r) {
    std::string out;
    if (!r.api_key.empty()) add(out, "api_key", r.api_key);
    if (!r.jurisdiction_id.empty()) add(out, "jurisdiction_id", r.jurisdiction_id);
    add(out, "service_code", r.service_code);
    add(out, "description", r.description);
    if (!r.address_string.empty()) add(out, "address_string", r.address_string);
    if (r.lat && r.lon) {
        add(out, "lat", number(*r.lat));
        add(out, "long", number(*r.lon));
    }
    if (!r.device_id.empty()) add(out, "device_id", r.device_id);
    if (!r.first_name.empty()) add(out, "first_name", r.first_name);
    if (!r.last_name.empty()) add(out, "last_name", r.last_name);
    if (!r.phone.empty()) add(out, "phone", r.phone);
    for (const auto& [k, v] : r.attributes) add(out, "attribute[" + k + "]", v);
    return out;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static std::optional<std::string> unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            int a = hexval(s[i + 1]), b = hexval(s[i + 2]);
            if (a < 0 || b < 0) return std::nullopt;
            out += static_cast<char>(a * 16 + b);
            i += 2;
        } else out += s[i];
    }
    return out;
}

std::optional<std::multimap<std::string, std::string>> decode_form(std::string_view body) {
    std::multimap<std::string, std::string> out;
    while (!body.empty()) {
        size_t amp = body.find('&');
        std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        auto k = unescape(pair.substr(0, eq));
        auto v = unescape(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!k || !v) return std::nullopt;
        out.emplace(std::move(*k), std::move(*v));
    }
    return out;
}

// [SECTION] lenient field access: strings, numbers and booleans all read as text
static std::string text(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
    if (it->is_number()) return number(it->get<double>());
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    return {};
}

static std::optional<double> num(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) {
        try {
            return std::stod(it->get<std::string>());
        } catch (...) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

static bool truthy(const json& o, const char* key) {
    std::string t = text(o, key);
    return t == "true" || t == "1";
}

static std::optional<json> array_of_objects(std::string_view body, std::string& why) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) {
        why = "the answer is not JSON";
        return std::nullopt;
    }
    if (!j.is_array()) {
        why = "the answer is not a JSON array";
        return std::nullopt;
    }
    for (const auto& e : j)
        if (!e.is_object()) {
            why = "the answer's array holds something other than objects";
            return std::nullopt;
        }
    return j;
}

// Attributes a server echoes in GET /requests: {"code": "value"} or [{"code", "value"}].
static std::map<std::string, std::string> echoed_attributes(const json& o) {
    std::map<std::string, std::string> out;
    auto it = o.find("attributes");
    if (it == o.end()) return out;
    if (it->is_object()) {
        for (const auto& [k, v] : it->items())
            if (v.is_string() || v.is_number()) out[k] = text(*it, k.c_str());
    } else if (it->is_array()) {
        for (const auto& a : *it)
            if (a.is_object() && !text(a, "code").empty()) out[text(a, "code")] = text(a, "value");
    }
    return out;
}

// [SECTION] client side
std::optional<PostResult> parse_post_response(std::string_view body, std::string& why) {
    auto j = array_of_objects(body, why);
    if (!j) return std::nullopt;
    if (j->empty()) {
        why = "the answer is an empty array";
        return std::nullopt;
    }
    const json& o = (*j)[0];
    PostResult r{text(o, "service_request_id"), text(o, "token"), text(o, "service_notice")};
    if (r.service_request_id.empty() == r.token.empty()) {
        why = "the answer has neither a service_request_id nor a token (or both)";
        return std::nullopt;
    }
    return r;
}

std::optional<std::vector<ServiceRequest>> parse_requests(std::string_view body, std::string& why) {
    auto j = array_of_objects(body, why);
    if (!j) return std::nullopt;
    std::vector<ServiceRequest> out;
    for (const auto& o : *j) {
        ServiceRequest r;
        r.service_request_id = text(o, "service_request_id");
        if (r.service_request_id.empty()) {
            why = "a request in the answer has no service_request_id";
            return std::nullopt;
        }
        r.status = text(o, "status");
        for (auto& c : r.status) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.status_notes = text(o, "status_notes");
        r.service_name = text(o, "service_name");
        r.service_code = text(o, "service_code");
        r.description = text(o, "description");
        r.agency_responsible = text(o, "agency_responsible");
        r.requested_datetime = text(o, "requested_datetime");
        r.updated_datetime = text(o, "updated_datetime");
        r.expected_datetime = text(o, "expected_datetime");
        r.address = text(o, "address");
        r.address_id = text(o, "address_id");
        r.media_url = text(o, "media_url");
        r.lat = num(o, "lat");
        r.lon = num(o, "long");
        r.attributes = echoed_attributes(o);
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<std::vector<Service>> parse_services(std::string_view body, std::string& why) {
    auto j = array_of_objects(body, why);
    if (!j) return std::nullopt;
    std::vector<Service> out;
    for (const auto& o : *j) {
        Service s{text(o, "service_code"), text(o, "service_name"), text(o, "description"), text(o, "group"),
                  text(o, "type"), truthy(o, "metadata")};
        if (s.service_code.empty()) {
            why = "a service in the answer has no service_code";
            return std::nullopt;
        }
        if (s.type.empty()) s.type = "realtime";
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<ApiError> parse_errors(std::string_view body) {
    std::string why;
    auto j = array_of_objects(body, why);
    std::vector<ApiError> out;
    if (!j) return out;
    for (const auto& o : *j) {
        if (!o.contains("description") && !o.contains("code")) return {};
        out.push_back({text(o, "code"), text(o, "description")});
    }
    return out;
}

// A missing boolean takes `fallback`; "true"/"1" and "false"/"0" are read as text.
static bool flag(const json& o, const char* key, bool fallback) {
    std::string t = text(o, key);
    if (t.empty()) return fallback;
    return t == "true" || t == "1";
}

static std::optional<Attribute> attribute_from(const json& o, std::string& why) {
    Attribute a;
    a.code = text(o, "code");
    if (a.code.empty()) {
        why = "an attribute in the service definition has no code";
        return std::nullopt;
    }
    a.variable = flag(o, "variable", true);
    a.datatype = text(o, "datatype");
    if (a.datatype.empty()) a.datatype = "string";
    a.required = flag(o, "required", false);
    a.datatype_description = text(o, "datatype_description");
    a.order = static_cast<int>(num(o, "order").value_or(0));
    a.description = text(o, "description");
    auto values = o.find("values");
    if (values != o.end() && !values->is_null()) {
        if (!values->is_array()) {
            why = "the values of attribute " + a.code + " are not an array";
            return std::nullopt;
        }
        for (const auto& v : *values) {
            if (!v.is_object() || text(v, "key").empty()) {
                why = "a value of attribute " + a.code + " has no key";
                return std::nullopt;
            }
            a.values.emplace_back(text(v, "key"), text(v, "name"));
        }
    }
    return a;
}

std::optional<ServiceDefinition> parse_service_definition(std::string_view body, std::string& why) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) return why = "the answer is not JSON", std::nullopt;
    if (!j.is_object()) return why = "the service definition is not a JSON object", std::nullopt;
    ServiceDefinition d;
    d.service_code = text(j, "service_code");
    if (d.service_code.empty()) return why = "the service definition has no service_code", std::nullopt;
    auto attrs = j.find("attributes");
    if (attrs == j.end() || !attrs->is_array()) return why = "the service definition has no attributes array", std::nullopt;
    for (const auto& o : *attrs) {
        if (!o.is_object()) return why = "an attribute in the service definition is not an object", std::nullopt;
        auto a = attribute_from(o, why);
        if (!a) return std::nullopt;
        d.attributes.push_back(std::move(*a));
    }
    return d;
}

std::optional<std::vector<RequestUpdate>> parse_updates(std::string_view body, std::string& why) {
    auto j = array_of_objects(body, why);
    if (!j) return std::nullopt;
    std::vector<RequestUpdate> out;
    for (const auto& o : *j) {
        RequestUpdate u{text(o, "update_id"), text(o, "service_request_id"), text(o, "status"),
                        text(o, "description"), text(o, "updated_datetime"), text(o, "media_url")};
        if (u.update_id.empty() || u.service_request_id.empty()) {
            why = "an update in the answer has no update_id or no service_request_id";
            return std::nullopt;
        }
        for (auto& c : u.status) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back(std::move(u));
    }
    return out;
}

// [SECTION] server side
// Optional fields with no value are left out, not sent as "" or null: strict clients
// read "" as a value ("expected_datetime": "" is not a date) and null as a type error.
static void put(json& o, const char* key, const std::string& v) {
    if (!v.empty()) o[key] = v;
}

std::string services_json(const std::vector<Service>& services) {
    json a = json::array();
    for (const Service& s : services) {
        json o = {{"service_code", s.service_code}, {"service_name", s.service_name},
                  {"metadata", s.metadata}, {"type", s.type}};
        put(o, "description", s.description);
        put(o, "group", s.group);
        a.push_back(std::move(o));
    }
    return a.dump();
}

std::string post_response_json(const PostResult& r) {
    json o = json::object();
    put(o, "service_request_id", r.service_request_id);
    put(o, "token", r.token);
    put(o, "service_notice", r.service_notice);
    return json::array({o}).dump();
}

std::string requests_json(const std::vector<ServiceRequest>& requests) {
    json a = json::array();
    for (const ServiceRequest& r : requests) {
        json o = {{"service_request_id", r.service_request_id}, {"status", r.status},
                  {"service_name", r.service_name}, {"service_code", r.service_code},
                  {"requested_datetime", r.requested_datetime}};
        put(o, "status_notes", r.status_notes);
        put(o, "description", r.description);
        put(o, "agency_responsible", r.agency_responsible);
        put(o, "updated_datetime", r.updated_datetime);
        put(o, "expected_datetime", r.expected_datetime);
        put(o, "address", r.address);
        put(o, "address_id", r.address_id);
        if (r.lat && r.lon) o["lat"] = *r.lat, o["long"] = *r.lon;
        put(o, "media_url", r.media_url);
        a.push_back(std::move(o));
    }
    return a.dump();
}

std::string errors_json(const std::vector<ApiError>& errors) {
    json a = json::array();
    for (const ApiError& e : errors) a.push_back({{"code", e.code}, {"description", e.description}});
    return a.dump();
}

std::string service_definition_json(const ServiceDefinition& d) {
    json attrs = json::array();
    for (const Attribute& a : d.attributes) {
        json values = json::array();
        for (const auto& [k, n] : a.values) values.push_back({{"key", k}, {"name", n}});
        attrs.push_back({{"variable", a.variable}, {"code", a.code}, {"datatype", a.datatype},
                         {"required", a.required}, {"datatype_description", a.datatype_description},
                         {"order", a.order}, {"description", a.description}, {"values", values}});
    }
    return json({{"service_code", d.service_code}, {"attributes", attrs}}).dump();
}

std::string updates_json(const std::vector<RequestUpdate>& updates) {
    json a = json::array();
    for (const RequestUpdate& u : updates) {
        json o = {{"update_id", u.update_id}, {"service_request_id", u.service_request_id},
                  {"status", u.status}, {"updated_datetime", u.updated_datetime}};
        put(o, "description", u.description);
        put(o, "media_url", u.media_url);
        a.push_back(std::move(o));
    }
    return a.dump();
}

// [SECTION] dates
std::string iso8601(UnixMs t) {
    std::time_t s = static_cast<std::time_t>(t / 1000);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::optional<UnixMs> parse_iso8601(std::string_view s) {
    int y, mo, d, h, mi, sec;
    char rest[16] = {0};
    std::string str(s.substr(0, 40));
    if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &y, &mo, &d, &h, &mi, &sec, rest) < 6)
        return std::nullopt;
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || sec < 0 || sec > 60)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    int64_t t = static_cast<int64_t>(timegm(&tm));
    std::string_view z(rest);
    if (!z.empty() && z[0] == '.') {  // fractional seconds
        size_t k = 1;
        while (k < z.size() && z[k] >= '0' && z[k] <= '9') ++k;
        z = z.substr(k);
    }
    if (z == "Z" || z == "z") return t * 1000;
    // +hh:mm: real zones lie within -12:00..+14:00 and minutes below 60 (+99:99 is a typo).
    auto digit = [&](size_t i) { return z[i] >= '0' && z[i] <= '9' ? z[i] - '0' : -1; };
    if (z.size() != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':') return std::nullopt;  // no zone: ambiguous
    for (size_t i : {1, 2, 4, 5})
        if (digit(i) < 0) return std::nullopt;
    int oh = digit(1) * 10 + digit(2), om = digit(4) * 10 + digit(5);
    if (om > 59 || oh * 60 + om > (z[0] == '+' ? 14 * 60 : 12 * 60)) return std::nullopt;
    int64_t off = (oh * 3600 + om * 60) * (z[0] == '+' ? 1 : -1);
    return (t - off) * 1000;
}

}  // namespace wk::open311
