// StrictPortal's plumbing (for strict_portal.cpp and strict_portal_checks.hpp only), header-only
// so the server stays one source file to link: its dates, its form decoding, its wire (one
// answer tree, written as JSON or mechanically as XML, as the endpoint it imitates does) and
// its catalogue of services. No state, no IO, no options.
// [SECTION] dates and forms  [SECTION] wire  [SECTION] catalogue
#pragma once
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strict_portal.hpp"

namespace wk::test::strict {
using Json = nlohmann::ordered_json;
using Form = std::vector<std::pair<std::string, std::string>>; // in order sent; keys may repeat
inline const std::string kApi = "/open311/v2";
constexpr UnixMs kWindowMs = 90LL * 86400 * 1000;
constexpr size_t kMaxResults = 1000;
inline const std::vector<std::string> kJurisdictions = {"ha-noi", "hai-phong"};

// [SECTION] dates and forms
inline UnixMs whole_seconds(UnixMs t) {
    return t - ((t % 1000) + 1000) % 1000;
}

// W3C ISO 8601 in Vietnam's zone, whole seconds: "2026-11-28T09:30:00+07:00".
inline std::string iso(UnixMs t) {
    time_t s = static_cast<time_t>(whole_seconds(t) / 1000) + 7 * 3600;
    tm g{};
    gmtime_r(&s, &g);
    char b[40];
    strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S+07:00", &g);
    return b;
}

// Accepts only a full date-time with a zone (Z, +hh:mm or +hhmm); nullopt otherwise.
inline std::optional<UnixMs> parse_iso(const std::string& s) {
    static const std::regex re(
        R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):?(\d{2})))");
    std::smatch m;
    if (!std::regex_match(s, m, re)) return std::nullopt;
    auto n = [&](int i) { return std::stoi(m[i].str()); };
    if (n(2) < 1 || n(2) > 12 || n(3) < 1 || n(3) > 31 || n(4) > 23 || n(5) > 59 || n(6) > 59)
        return std::nullopt;
    tm t{};
    t.tm_year = n(1) - 1900, t.tm_mon = n(2) - 1, t.tm_mday = n(3), t.tm_hour = n(4), t.tm_min = n(5),
    t.tm_sec = n(6);
    UnixMs ms = static_cast<UnixMs>(timegm(&t)) * 1000;
    if (m[7].matched) ms += std::stoi((m[7].str() + "00").substr(0, 3));
    if (m[8].matched) ms -= (m[8].str() == "-" ? -1 : 1) * (n(9) * 60 + n(10)) * 60000LL;
    return ms;
}

inline bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t more = c < 0x80                 ? 0
                      : c >= 0xC2 && c <= 0xDF ? 1
                      : c >= 0xE0 && c <= 0xEF ? 2
                      : c >= 0xF0 && c <= 0xF4 ? 3
                                               : 9;
        if (more == 9 || i + more >= s.size()) return false;
        for (size_t k = 1; k <= more; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += more + 1;
    }
    return true;
}

inline size_t utf8_length(std::string_view s) {
    return std::count_if(s.begin(), s.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

inline std::optional<std::string> url_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+')
            out += ' ';
        else if (s[i] != '%')
            out += s[i];
        else if (i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 2])))
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)), i += 2;
        else
            return std::nullopt;
    }
    return out;
}

inline std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else
            out += '%', out += hex[c >> 4], out += hex[c & 15];
    }
    return out;
}

// application/x-www-form-urlencoded, UTF-8; nullopt on a bad escape or bad UTF-8.
inline std::optional<Form> decode_form(std::string_view body) {
    Form f;
    while (!body.empty()) {
        std::string_view piece = body.substr(0, body.find('&'));
        body.remove_prefix(std::min(body.size(), piece.size() + 1));
        if (piece.empty()) continue;
        size_t eq = piece.find('=');
        auto k = url_decode(piece.substr(0, eq));
        auto v = url_decode(eq == std::string_view::npos ? "" : piece.substr(eq + 1));
        if (!k || !v || !valid_utf8(*k) || !valid_utf8(*v)) return std::nullopt;
        f.emplace_back(*k, *v);
    }
    return f;
}

inline std::string field(const Form& f, const std::string& k) {
    for (const auto& [key, v] : f)
        if (key == k) return v;
    return "";
}
inline bool has(const Form& f, const std::string& k) {
    return std::any_of(f.begin(), f.end(), [&](const auto& p) { return p.first == k; });
}

inline std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    for (size_t at = 0; at <= s.size() && !s.empty();) {
        size_t comma = std::min(s.find(',', at), s.size());
        if (comma > at) out.push_back(s.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}

// A number that is the whole string (strings like "21.0285" are what forms carry).
inline std::optional<double> number(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

// [SECTION] wire: one tree, JSON as it is, XML by the spec's names (a list's items are named
// after the list: service_requests/request, services/service, errors/error ...).
inline const std::map<std::string, std::string> kItemName = {{"service_requests", "request"},
                                                             {"services", "service"},
                                                             {"attributes", "attribute"},
                                                             {"values", "value"},
                                                             {"errors", "error"},
                                                             {"service_request_updates", "request_update"}};

inline std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

inline void xml_node(std::string& out, const std::string& name, const Json& v, int depth) {
    std::string pad(depth * 2, ' ');
    if (v.is_array() || v.is_object()) {
        out += pad + "<" + name + ">\n";
        for (const auto& [k, x] : v.items())
            xml_node(out, v.is_array() ? kItemName.at(name) : k, x, depth + 1);
        out += pad + "</" + name + ">\n";
        return;
    }
    std::string text = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
    out += pad + "<" + name + ">" + xml_escape(text) + "</" + name + ">\n";
}

inline std::string render(bool xml, const std::string& root, const Json& body) {
    if (!xml) return body.dump(3, ' ', false, Json::error_handler_t::replace) + "\n";
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    xml_node(out, root, body, 0);
    return out;
}

// [SECTION] catalogue
struct AttrDef {
    std::string code, datatype, description;
    bool required;
    std::vector<std::pair<std::string, std::string>> values;
};
struct ServiceDef {
    std::string code, name, description, group, type;
    std::vector<AttrDef> attributes;
};

// moi-truong: no questions. ngap-ung: a required single choice and an optional multiple
// choice. den-duong: batch (a token, never an id, in the POST's answer).
inline const std::vector<ServiceDef>& catalogue() {
    static const AttrDef depth = {
        "do-sau",
        "singlevaluelist",
        "Nước ngập sâu bao nhiêu?",
        true,
        {{"duoi-20cm", "Dưới 20 cm"}, {"20-50cm", "Từ 20 đến 50 cm"}, {"tren-50cm", "Trên 50 cm"}}};
    static const AttrDef affected = {
        "anh-huong",
        "multivaluelist",
        "Ảnh hưởng đến đâu?",
        false,
        {{"xe-may", "Xe máy đi lại"}, {"nha-dan", "Nhà dân"}, {"cua-hang", "Cửa hàng"}}};
    static const std::vector<ServiceDef> services = {
        {"moi-truong", "Môi trường", "Rác thải, khói bụi, tiếng ồn", "moi-truong", "realtime", {}},
        {"ngap-ung", "Ngập úng", "Đường ngập sau mưa", "ha-tang", "realtime", {depth, affected}},
        {"den-duong", "Đèn đường", "Đèn đường hỏng, tắt", "ha-tang", "batch", {}}};
    return services;
}

inline const ServiceDef* find_service(const std::string& code) {
    for (const auto& s : catalogue())
        if (s.code == code) return &s;
    return nullptr;
}

inline bool is_closed(const std::string& fine) {
    return fine == "CLOSED" || fine == "FIXED" || fine == "DUPLICATE" || fine == "NOT_RESPONSIBLE" ||
           fine == "NO_FURTHER_ACTION";
}

// The extension's lower-case spelling of an upper-case status.
inline std::string lower_status(const std::string& upper) {
    if (upper == "NOT_RESPONSIBLE") return "not_councils_responsibility";
    std::string s = upper;
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

inline bool known_status(const std::string& upper) {
    return std::find(kUpdateStatuses.begin(), kUpdateStatuses.end(), upper) != kUpdateStatuses.end();
}

} // namespace wk::test::strict
