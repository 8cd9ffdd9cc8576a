// Form and query validation for the portal, with the limits of sync/field_limits.hpp.
// [SECTION] fields  [SECTION] text  [SECTION] POST /requests
// [SECTION] POST /servicerequestupdates  [SECTION] GET filters
#include "portal_form.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "sync/field_limits.hpp"
#include "sync/report.hpp"

namespace wk::portal {

// Field lengths: sync/field_limits.hpp, the one table the kiosk's validation shares.

// [SECTION] fields
std::string field(const Form& f, std::string_view key) {
    auto it = f.find(std::string(key));
    return it == f.end() ? std::string() : it->second;
}

static std::string trimmed(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// CRLF and lone CR become LF, then surrounding white space goes.
static std::string normalized_text(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\r') out += s[i];
        else if (i + 1 >= s.size() || s[i + 1] != '\n') out += '\n';
    }
    return trimmed(out);
}

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        size_t comma = s.find(',');
        std::string item = trimmed(s.substr(0, comma));
        if (!item.empty()) out.push_back(std::move(item));
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

// [SECTION] text
const char* text_problem(std::string_view s, size_t max_chars, bool multiline) {
    if (!valid_utf8(s)) return "is not valid UTF-8";
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n' && multiline) continue;
        bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F;  // U+0080..9F
        if (c < 0x20 || c == 0x7F || c1) return "contains control characters";
    }
    if (utf8_length(s) > max_chars) return "is too long";
    return nullptr;
}

static std::optional<Rejection> check(const char* name, std::string_view s, size_t max, bool multiline = false) {
    const char* why = text_problem(s, max, multiline);
    if (!why) return std::nullopt;
    std::string d = std::string(name) + " " + why;
    if (std::string_view(why) == "is too long") d += " (at most " + std::to_string(max) + " characters)";
    return Rejection{400, d};
}

// A plain decimal number ("-21.0285", "105", "+.5"), nothing else: strtod alone also
// takes "0x10", "1e3", "inf" and leading spaces, which no client means as degrees.
static std::optional<double> number(const std::string& s) {
    if (s.empty() || s.size() > 40) return std::nullopt;
    size_t i = s[0] == '+' || s[0] == '-' ? 1 : 0, digits = 0;
    bool point = false;
    for (; i < s.size(); ++i) {
        if (s[i] == '.' && !point) point = true;
        else if (s[i] >= '0' && s[i] <= '9') ++digits;
        else return std::nullopt;
    }
    if (digits == 0) return std::nullopt;
    double v = std::strtod(s.c_str(), nullptr);
    if (!std::isfinite(v)) return std::nullopt;
    return v;
}

// media_url: an absolute http or https URL, printable ASCII.
static bool web_url(const std::string& s) {
    auto starts = [&](const char* p) {
        size_t n = std::strlen(p);
        if (s.size() <= n) return false;
        for (size_t i = 0; i < n; ++i)
            if (std::tolower(static_cast<unsigned char>(s[i])) != p[i]) return false;
        return true;
    };
    bool printable = std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7F; });
    return printable && (starts("http://") || starts("https://"));
}

// [SECTION] POST /requests
// GeoReport v2: any one of lat and long, address_string or address_id locates a report.
static std::optional<Rejection> read_location(const Form& f, NewRequest& r) {
    r.address = normalized_text(field(f, "address_string"));
    if (auto bad = check("address_string", r.address, kMaxAddressStringChars)) return bad;
    r.address_id = trimmed(field(f, "address_id"));
    if (auto bad = check("address_id", r.address_id, kMaxAddressIdChars)) return bad;
    std::string lat = trimmed(field(f, "lat")), lon = trimmed(field(f, "long"));
    if (!lat.empty() || !lon.empty()) {
        r.lat = number(lat);
        r.lon = number(lon);
        if (!r.lat || !r.lon)
            return Rejection{400, "lat and long must both be WGS84 decimal degrees, such as lat=21.0285&long=105.8542"};
        if (std::fabs(*r.lat) > 90) return Rejection{400, "lat must be between -90 and 90 degrees"};
        if (std::fabs(*r.lon) > 180) return Rejection{400, "long must be between -180 and 180 degrees"};
    }
    if (r.address.empty() && r.address_id.empty() && !r.lat)
        return Rejection{400, "a location is required: lat and long, address_string or address_id"};
    return std::nullopt;
}

static std::optional<Rejection> read_media_url(const Form& f, NewRequest& r) {
    r.media_url = trimmed(field(f, "media_url"));
    if (r.media_url.empty()) return std::nullopt;
    if (r.media_url.size() > kMaxMediaUrlBytes || !web_url(r.media_url))
        return Rejection{400, "media_url must be an http or https URL of at most " +
                                  std::to_string(kMaxMediaUrlBytes) + " characters"};
    return std::nullopt;
}

static std::optional<Rejection> read_contact(const Form& f, NewRequest& r) {
    r.first_name = normalized_text(field(f, "first_name"));
    r.last_name = normalized_text(field(f, "last_name"));
    r.phone = trimmed(field(f, "phone"));
    r.email = trimmed(field(f, "email"));
    if (auto bad = check("first_name", r.first_name, kMaxNameChars)) return bad;
    if (auto bad = check("last_name", r.last_name, kMaxNameChars)) return bad;
    if (auto bad = check("email", r.email, kMaxEmailChars)) return bad;
    if (r.phone.size() > kMaxPhoneChars || r.phone.find_first_not_of(kPhoneCharacters) != std::string::npos)
        return Rejection{400, "phone may hold only digits, spaces and + - . ( ), at most " +
                                  std::to_string(kMaxPhoneChars)};
    return std::nullopt;
}

// attribute[CODE]=v and attribute[CODE][]=v; the code must be plain text.
static std::optional<Rejection> read_attributes(const Form& f, NewRequest& r) {
    for (auto it = f.lower_bound("attribute["); it != f.end() && it->first.rfind("attribute[", 0) == 0; ++it) {
        std::string_view k(it->first);
        k.remove_prefix(10);
        if (k.size() >= 3 && k.substr(k.size() - 3) == "][]") k.remove_suffix(3);
        else if (!k.empty() && k.back() == ']') k.remove_suffix(1);
        else return Rejection{400, "malformed attribute name"};
        if (k.empty() || k.find_first_of("[]") != std::string_view::npos) return Rejection{400, "malformed attribute name"};
        if (auto bad = check("attribute code", k, kMaxShortChars)) return bad;
        if (auto bad = check("attribute value", it->second, kMaxAttributeChars, true)) return bad;
        if (r.attributes.size() >= kMaxAttributes) return Rejection{400, "too many attributes"};
        r.attributes.emplace(std::string(k), it->second);
    }
    return std::nullopt;
}

static std::optional<Rejection> read_idempotency_key(const Form& f, std::string_view header, NewRequest& r) {
    r.idempotency_key = trimmed(header);
    if (r.idempotency_key.empty()) r.idempotency_key = trimmed(field(f, "attribute[kiosk_receipt]"));
    const std::string& k = r.idempotency_key;
    bool printable = std::all_of(k.begin(), k.end(), [](char c) { return c > 0x20 && c < 0x7F; });
    if (k.size() > kMaxIdempotencyKeyBytes || !printable)
        return Rejection{400, "Idempotency-Key must be printable ASCII, at most " +
                                  std::to_string(kMaxIdempotencyKeyBytes) + " characters"};
    return std::nullopt;
}

std::variant<NewRequest, Rejection> parse_new_request(const Form& f, std::string_view idempotency_header) {
    NewRequest r;
    r.service_code = trimmed(field(f, "service_code"));
    if (r.service_code.empty()) return Rejection{400, "service_code required"};
    if (auto bad = check("service_code", r.service_code, kMaxShortChars)) return *bad;
    r.description = normalized_text(field(f, "description"));
    if (r.description.empty()) return Rejection{400, "description required"};
    if (auto bad = check("description", r.description, kMaxDescriptionChars, true)) return *bad;
    r.device_id = trimmed(field(f, "device_id"));
    if (auto bad = check("device_id", r.device_id, kMaxShortChars)) return *bad;
    for (auto* read : {read_location, read_media_url, read_contact, read_attributes})
        if (auto bad = read(f, r)) return *bad;
    if (auto bad = read_idempotency_key(f, idempotency_header, r)) return *bad;
    return r;
}

// One answer to attribute `a`, or why not.
static std::optional<Rejection> check_answer(const open311::Attribute& a, const std::string& v) {
    std::string name = "attribute[" + a.code + "]";
    if (a.datatype == "singlevaluelist" || a.datatype == "multivaluelist") {
        for (const auto& kv : a.values)
            if (kv.first == v) return std::nullopt;
        std::string keys;
        for (const auto& kv : a.values) keys += (keys.empty() ? "" : ", ") + kv.first;
        return Rejection{400, name + " must be one of: " + keys};
    }
    if (a.datatype == "number" && !number(v)) return Rejection{400, name + " must be a number"};
    if (a.datatype == "datetime" && !open311::parse_iso8601(v))
        return Rejection{400, name + " must be a W3C date with a time zone"};
    return std::nullopt;
}

std::optional<Rejection> check_attributes(const NewRequest& r, const std::vector<open311::Attribute>& attributes) {
    for (const open311::Attribute& a : attributes) {
        if (!a.variable) continue;
        auto [from, to] = r.attributes.equal_range(a.code);
        size_t answers = 0;
        for (auto it = from; it != to; ++it) {
            if (trimmed(it->second).empty()) continue;
            if (auto bad = check_answer(a, trimmed(it->second))) return bad;
            ++answers;
        }
        if (a.required && answers == 0)
            return Rejection{400, "attribute[" + a.code + "] is required" +
                                      (a.description.empty() ? std::string() : " (" + a.description + ")")};
        if (a.datatype != "multivaluelist" && answers > 1)
            return Rejection{400, "attribute[" + a.code + "] takes one value"};
    }
    return std::nullopt;
}

// [SECTION] POST /servicerequestupdates
std::variant<NewUpdate, Rejection> parse_new_update(const Form& f) {
    NewUpdate u;
    u.service_request_id = trimmed(field(f, "service_request_id"));
    if (u.service_request_id.empty()) return Rejection{400, "service_request_id required"};
    u.status = trimmed(field(f, "status"));
    for (char& c : u.status) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (u.status.empty()) return Rejection{400, "status required"};
    if (!known_status(u.status)) return Rejection{400, "status is not in the extended vocabulary"};
    u.description = normalized_text(field(f, "description"));
    if (auto bad = check("description", u.description, kMaxDescriptionChars, true)) return *bad;
    u.agency_responsible = normalized_text(field(f, "agency_responsible"));
    if (auto bad = check("agency_responsible", u.agency_responsible, kMaxShortChars)) return *bad;
    u.update_id = trimmed(field(f, "update_id"));
    if (auto bad = check("update_id", u.update_id, kMaxShortChars)) return *bad;
    u.rating = trimmed(field(f, "rating"));
    if (!u.rating.empty() && u.rating != "satisfied" && u.rating != "not_satisfied")
        return Rejection{400, "rating must be satisfied or not_satisfied"};
    if (std::string e = trimmed(field(f, "expected_datetime")); !e.empty()) {
        u.expected = open311::parse_iso8601(e);
        if (!u.expected) return Rejection{400, "expected_datetime is not a W3C date with a time zone"};
    }
    return u;
}

// [SECTION] GET filters
static std::variant<std::optional<UnixMs>, Rejection> date_param(const Form& p, const char* name) {
    std::string s = trimmed(field(p, name));
    if (s.empty()) return std::optional<UnixMs>();
    auto t = open311::parse_iso8601(s);
    if (!t) return Rejection{400, std::string(name) + " is not a W3C date with a time zone"};
    return t;
}

std::variant<Window, Rejection> parse_window(const Form& p, UnixMs now) {
    auto start = date_param(p, "start_date");
    if (auto* bad = std::get_if<Rejection>(&start)) return *bad;
    auto end = date_param(p, "end_date");
    if (auto* bad = std::get_if<Rejection>(&end)) return *bad;
    auto s = std::get<std::optional<UnixMs>>(start), e = std::get<std::optional<UnixMs>>(end);
    Window w;
    w.to = e ? *e : s ? *s + kMaxWindowMs : now;
    w.from = s ? *s : w.to - kMaxWindowMs;
    if (w.to < w.from) return Rejection{400, "end_date is before start_date"};
    if (w.to - w.from > kMaxWindowMs) return Rejection{400, "the date window is longer than 90 days"};
    return w;
}

// "open" and "closed" are the two groups; any extended status stands for itself.
static std::optional<Rejection> expand_statuses(std::string_view list, std::vector<std::string>& out) {
    static const char* const kAll[] = {"open",      "investigating",    "in_progress", "action_scheduled",
                                       "fixed",     "closed",           "duplicate",   "not_councils_responsibility",
                                       "no_further_action", "internal_referral", "cancelled", "reopen", "for_triage"};
    for (std::string s : split_list(list)) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!known_status(s)) return Rejection{400, "unknown status: " + s.substr(0, 40)};
        bool group = s == "open" || s == "closed";
        for (const char* k : kAll)
            if (group ? final_status(k) == (s == "closed") : s == k) out.push_back(k);
    }
    return std::nullopt;
}

std::variant<RequestFilter, Rejection> parse_filter(const Form& p, UnixMs now) {
    RequestFilter f;
    f.limit = kMaxResults;
    f.ids = split_list(field(p, "service_request_id"));
    if (f.ids.size() > static_cast<size_t>(kMaxResults)) return Rejection{400, "too many service_request_id values"};
    if (!f.ids.empty()) return f;  // overrides every other filter
    auto w = parse_window(p, now);
    if (auto* bad = std::get_if<Rejection>(&w)) return *bad;
    f.from = std::get<Window>(w).from;
    f.to = std::get<Window>(w).to;
    f.service_codes = split_list(field(p, "service_code"));
    if (auto bad = expand_statuses(field(p, "status"), f.statuses)) return *bad;
    if (!field(p, "status").empty() && f.statuses.empty()) return Rejection{400, "status is empty"};
    return f;
}

}  // namespace wk::portal
