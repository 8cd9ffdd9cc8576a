// StrictPortal's rules (for strict_portal.cpp only), header-only so the server stays one
// source file to link: what it holds per case and update, how a form becomes a case, which
// problems a 400 lists and in what order, how an answer or a refusal is written under the
// options, the GET /requests filter and how a case reads. No state of its own; it writes
// only to the httplib::Response it is handed.
// [SECTION] rows  [SECTION] forms into cases  [SECTION] answers' values  [SECTION] checks
// [SECTION] answers  [SECTION] GET /requests
#pragma once
#include <httplib.h>

#include "strict_portal_wire.hpp"

namespace wk::test::strict {
// [SECTION] rows: the server's records (the public structs plus what only it needs)
struct CaseRow {
    StrictCase c;
    UnixMs requested = 0, updated = 0; // whole seconds, as shown
    std::string notes;                 // the newest officer update's description
    int token_polls = 0;
};
struct UpdateRow {
    StrictUpdate u;
    UnixMs at = 0; // whole seconds: updated_datetime, on the server's clock
    std::string media_url;
};
struct Filter {
    std::vector<std::string> ids, codes, statuses;
    UnixMs from = 0, to = 0;
    std::string jurisdiction;
};

// [SECTION] forms into cases
inline std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
inline std::string upper(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
inline std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}
// What POST /requests and POST /servicerequestupdates know, besides attribute[...].
inline const std::vector<std::string> kRequestFields = {
    "api_key",        "jurisdiction_id", "service_code", "lat",         "long",
    "address_string", "address_id",      "email",        "device_id",   "account_id",
    "first_name",     "last_name",       "phone",        "description", "media_url"};
inline const std::vector<std::string> kUpdateFields = {"api_key",
                                                       "jurisdiction_id",
                                                       "service_request_id",
                                                       "update_id",
                                                       "status",
                                                       "updated_datetime",
                                                       "description",
                                                       "email",
                                                       "phone",
                                                       "first_name",
                                                       "last_name",
                                                       "title",
                                                       "media_url",
                                                       "account_id",
                                                       "service_request_id_ext",
                                                       "public_anonymity_required",
                                                       "email_alerts_requested",
                                                       "service_code"};

// attribute[code] or attribute[code][] (a multi-value list's item).
inline bool is_attribute_key(const std::string& k) {
    size_t close = k.find(']');
    return k.rfind("attribute[", 0) == 0 && close != std::string::npos && close > 10 &&
           (close + 1 == k.size() || k.substr(close + 1) == "[]");
}
inline std::map<std::string, std::vector<std::string>> attributes_of(const Form& f) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [k, v] : f)
        if (is_attribute_key(k)) out[k.substr(10, k.find(']') - 10)].push_back(v);
    return out;
}
inline StrictCase case_from_form(const Form& f) {
    StrictCase k;
    k.service_code = field(f, "service_code"), k.description = field(f, "description");
    k.address_string = field(f, "address_string"), k.address_id = field(f, "address_id");
    k.device_id = field(f, "device_id"), k.email = field(f, "email"), k.phone = field(f, "phone");
    k.first_name = field(f, "first_name"), k.last_name = field(f, "last_name");
    k.jurisdiction_id = field(f, "jurisdiction_id");
    if (has(f, "lat") && has(f, "long")) k.lat = number(field(f, "lat")), k.lon = number(field(f, "long"));
    for (const auto& [code, values] : attributes_of(f)) {
        std::string all;
        for (const auto& v : values)
            all += (all.empty() ? "" : ",") + v;
        k.attributes[code] = all;
    }
    return k;
}

// [SECTION] answers' values (loose or spec types)
inline Json error_entry(const StrictOptions& o, int status, const std::string& d) {
    return Json{{"code", o.loose_types ? Json(status) : Json(std::to_string(status))}, {"description", d}};
}
inline Json flag(const StrictOptions& o, bool b) {
    return o.loose_types ? Json(b ? "true" : "false") : Json(b);
}
inline Json coordinate(const StrictOptions& o, double d) {
    if (!o.loose_types) return d;
    char b[40];
    std::snprintf(b, sizeof b, "%.6f", d);
    std::string s = b;
    while (s.back() == '0')
        s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}
inline std::string request_status(const StrictOptions& o, const std::string& fine) {
    return o.coarse_status ? (is_closed(fine) ? "closed" : "open") : lower_status(fine);
}

// [SECTION] checks: each returns or appends the problems a 400 lists, in order
inline std::optional<std::string> jurisdiction_problem(const StrictOptions& o, const std::string& given) {
    if (!o.require_jurisdiction) return std::nullopt;
    if (given.empty()) return "jurisdiction_id is required";
    if (std::find(kJurisdictions.begin(), kJurisdictions.end(), given) == kJurisdictions.end())
        return "jurisdiction_id " + given + " is not served here";
    return std::nullopt;
}
inline void location_problems(const Form& f, std::vector<std::string>& p) {
    bool lat = has(f, "lat"), lon = has(f, "long");
    if (lat != lon)
        p.push_back(std::string(lat ? "long" : "lat") + " is required with " + (lat ? "lat" : "long"));
    if (lat && lon) {
        auto a = number(field(f, "lat")), b = number(field(f, "long"));
        if (!a || std::abs(*a) > 90) p.push_back("lat is not a latitude: " + field(f, "lat"));
        if (!b || std::abs(*b) > 180) p.push_back("long is not a longitude: " + field(f, "long"));
    }
    if (!(lat && lon) && field(f, "address_string").empty() && field(f, "address_id").empty())
        p.push_back("a location is required: lat and long, address_string or address_id");
}
inline void attribute_problems(const Form& f, const ServiceDef& svc, bool strict,
                               std::vector<std::string>& p) {
    auto given = attributes_of(f);
    for (const AttrDef& a : svc.attributes) {
        auto it = given.find(a.code);
        if (it == given.end() ||
            std::all_of(it->second.begin(), it->second.end(), [](auto& v) { return v.empty(); })) {
            if (a.required) p.push_back("attribute[" + a.code + "] is required");
            continue;
        }
        if (a.datatype == "singlevaluelist" && it->second.size() > 1)
            p.push_back("attribute[" + a.code + "] takes one value");
        for (const auto& v : it->second)
            if (std::none_of(a.values.begin(), a.values.end(), [&](auto& kv) { return kv.first == v; }))
                p.push_back("attribute[" + a.code + "]: " + v + " is not one of its values");
    }
    for (const auto& [code, values] : given)
        if (strict && std::none_of(svc.attributes.begin(), svc.attributes.end(),
                                   [&](auto& a) { return a.code == code; }))
            p.push_back("attribute[" + code + "] is not an attribute of " + svc.code);
}
inline void unknown_fields(const Form& f, const std::vector<std::string>& known,
                           std::vector<std::string>& p) {
    for (const auto& [k, v] : f)
        if (!is_attribute_key(k) && std::find(known.begin(), known.end(), k) == known.end())
            p.push_back("unexpected field: " + k);
}
inline std::vector<std::string> request_problems(const StrictOptions& o, const Form& f,
                                                 const ServiceDef* svc) {
    std::vector<std::string> p;
    if (auto j = jurisdiction_problem(o, field(f, "jurisdiction_id"))) p.push_back(*j);
    std::string code = field(f, "service_code");
    if (code.empty())
        p.push_back("service_code is required");
    else if (!svc)
        p.push_back("service_code " + code + " is not a service here");
    location_problems(f, p);
    if (svc) attribute_problems(f, *svc, o.strict_requests, p);
    if (utf8_length(field(f, "description")) > 4000)
        p.push_back("description is longer than 4000 characters");
    if (o.strict_requests) unknown_fields(f, kRequestFields, p);
    return p;
}
// The upper-case status a POSTed update sets, or "" when it is not acceptable.
inline std::string update_status(const std::string& given, bool strict) {
    if (strict) return known_status(given) ? given : "";
    std::string up = upper(given);
    if (up == "NOT_COUNCILS_RESPONSIBILITY") up = "NOT_RESPONSIBLE";
    return known_status(up) ? up : "";
}
inline std::vector<std::string> update_problems(const StrictOptions& o, const Form& f, std::string& status) {
    std::vector<std::string> p;
    if (auto j = jurisdiction_problem(o, field(f, "jurisdiction_id"))) p.push_back(*j);
    if (field(f, "service_request_id").empty()) p.push_back("service_request_id is required");
    status = update_status(field(f, "status"), o.strict_updates);
    if (status.empty())
        p.push_back("status '" + field(f, "status") + "' is not one of " + joined(kUpdateStatuses));
    std::string when = field(f, "updated_datetime");
    if (o.strict_updates && when.empty())
        p.push_back("updated_datetime is required");
    else if (!when.empty() && !parse_iso(when))
        p.push_back("updated_datetime is not a W3C date-time with a zone: " + when);
    if (o.strict_updates && !has(f, "description")) p.push_back("description is required");
    if (o.strict_updates) unknown_fields(f, kUpdateFields, p);
    return p;
}
inline std::optional<UnixMs> date_param(const httplib::Request& q, const char* k,
                                        std::vector<std::string>& p) {
    if (!q.has_param(k)) return std::nullopt;
    auto t = parse_iso(q.get_param_value(k));
    if (!t) p.push_back(std::string(k) + " is not a W3C date-time with a zone: " + q.get_param_value(k));
    return t;
}

// [SECTION] answers: in the request's format, with the options it arrived under
// One request being answered, with the options as they were when it arrived.
struct Call {
    const httplib::Request& q;
    httplib::Response& s;
    StrictOptions o;
    bool xml;
    UnixMs now;
};
inline const char* content_type(bool xml, bool no_charset) {
    if (xml) return no_charset ? "text/xml" : "text/xml; charset=utf-8";
    return no_charset ? "application/json" : "application/json; charset=utf-8";
}
inline void reply(Call& c, int status, const std::string& root, const Json& body) {
    c.s.status = status;
    c.s.set_content(render(c.xml, root, body), content_type(c.xml, c.o.no_charset));
}
inline void send_plain(httplib::Response& s, int status, const std::string& text) {
    s.status = status;
    s.set_content(text, "text/plain");
}
inline void error_one(Call& c, int status, const std::string& d) {
    reply(c, status, "errors", Json::array({error_entry(c.o, status, d)}));
}
// 400: with multi_errors, the generic line first and every problem after it (as the endpoint's
// schema check reports them); without, the first problem alone.
inline void refuse(Call& c, const std::string& api, const std::vector<std::string>& problems) {
    if (!c.o.multi_errors)
        return reply(c, 400, "errors", Json::array({error_entry(c.o, 400, problems.front())}));
    Json list = Json::array({error_entry(c.o, 400, "Error in input for " + api)});
    for (const auto& p : problems)
        list.push_back(error_entry(c.o, 400, p));
    reply(c, 400, "errors", list);
}

// The form of a POST, after its content type, encoding and api_key; false once answered.
inline bool read_post(Call& c, const std::string& api, const std::string& api_key, Form& f) {
    std::string type = lower(c.q.get_header_value("Content-Type"));
    if (type.rfind("application/x-www-form-urlencoded", 0) != 0)
        return refuse(c, api, {"the body must be application/x-www-form-urlencoded (UTF-8)"}), false;
    auto form = decode_form(c.q.body);
    if (!form) return refuse(c, api, {"the form is malformed or not UTF-8"}), false;
    f = std::move(*form);
    if (api_key.empty() || field(f, "api_key") != api_key) return error_one(c, 403, "Invalid api_key"), false;
    return true;
}

// [SECTION] GET /requests
// GET /requests' filters; `now` ends the default window. Returns the problems (none: use `f`).
inline std::vector<std::string> read_filter(const httplib::Request& q, UnixMs now, Filter& f) {
    std::vector<std::string> p;
    f.ids = split_commas(q.get_param_value("service_request_id"));
    f.codes = split_commas(q.get_param_value("service_code"));
    f.statuses = split_commas(q.get_param_value("status"));
    for (const auto& s : f.statuses)
        if (s != "open" && s != "closed") p.push_back("status must be open or closed: " + s);
    auto from = date_param(q, "start_date", p), to = date_param(q, "end_date", p);
    f.to = to.value_or(now);
    f.from = from.value_or(f.to - kWindowMs);
    if (f.ids.empty() && f.to - f.from > kWindowMs)
        p.push_back("start_date to end_date spans more than 90 days");
    if (f.ids.empty() && f.from > f.to) p.push_back("start_date is after end_date");
    f.jurisdiction = q.get_param_value("jurisdiction_id");
    return p;
}
inline bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
inline bool matches(const CaseRow& r, const Filter& f, const StrictOptions& o) {
    if (!r.c.revealed || (o.require_jurisdiction && r.c.jurisdiction_id != f.jurisdiction)) return false;
    if (!f.ids.empty()) return contains(f.ids, r.c.id); // overrides every other filter
    if (!f.codes.empty() && !contains(f.codes, r.c.service_code)) return false;
    if (!f.statuses.empty() && !contains(f.statuses, is_closed(r.c.status) ? "closed" : "open")) return false;
    return r.requested >= f.from && r.requested <= f.to;
}
inline Json case_json(const CaseRow& r, const StrictOptions& o) {
    const ServiceDef* svc = find_service(r.c.service_code);
    Json j = {{"service_request_id", r.c.id}, {"status", request_status(o, r.c.status)}};
    if (o.status_notes) j["status_notes"] = r.notes;
    j["service_name"] = svc ? svc->name : "";
    j["service_code"] = r.c.service_code;
    if (!r.c.description.empty()) j["description"] = r.c.description;
    j["requested_datetime"] = iso(r.requested);
    j["updated_datetime"] = iso(r.updated);
    j["address"] = r.c.address_string;
    if (!r.c.address_id.empty()) j["address_id"] = r.c.address_id;
    if (r.c.lat && r.c.lon) j["lat"] = coordinate(o, *r.c.lat), j["long"] = coordinate(o, *r.c.lon);
    j["media_url"] = "";
    if (!o.echo_attributes) return j;
    j["attributes"] = Json::array();
    for (const auto& [k, v] : r.c.attributes)
        j["attributes"].push_back({{"code", k}, {"value", v}});
    return j;
}
} // namespace wk::test::strict
