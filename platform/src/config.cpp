// Loads Config from TOML with toml++. A key or section the programs do not know is an
// error naming it, its line and the nearest known one: a typo (pol_s, [timeout]) that
// passed silently left the default in force with nobody told.
#include "platform/config.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <type_traits>
#include <toml++/toml.h>

#include "platform/files.hpp"

namespace wk {
namespace {

std::string resolve(const std::filesystem::path& base, const std::string& p) {
    if (p.empty() || p.rfind("file:", 0) == 0 || std::filesystem::path(p).is_absolute()) return p;
    return (base / p).lexically_normal().string();
}

// Every section and the keys it takes; [ward_positions] takes ward names, checked
// against the wards (get_ward_positions).
const std::map<std::string_view, std::vector<std::string_view>>& known_keys() {
    static const std::map<std::string_view, std::vector<std::string_view>> k = {
        {"kiosk",
         {"id", "ward", "province", "wards", "hotline", "lang", "keyboard_ime", "power_off_command", "lat", "long",
          "position_fallback"}},
        {"portal",
         {"url", "public_url", "api_key", "api_key_file", "jurisdiction_id", "format", "ca_file", "pinned_pubkey",
          "proxy", "pull_public", "attention_after_400"}},
        {"store", {"path", "key_file"}},
        {"staff", {"accounts_file"}},
        {"printer", {"device", "width_dots"}},
        {"timeouts",
         {"connect_s", "request_s", "poll_s", "max_backoff_s", "receipt_clear_s", "idle_reset_s", "idle_grace_s"}},
        {"server",
         {"listen", "db", "api_keys", "api_keys_file", "kiosk_keys", "kiosk_keys_file", "workers",
          "connections_per_address", "request_s"}},
        {"photos", {"from_phone", "link_days"}},
        {"ward_positions", {}},
    };
    return k;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// "; did you mean "poll_s"?" when one is near enough to be the intended one.
std::string nearest(std::string_view typed, const std::vector<std::string_view>& names, const char* open,
                    const char* close) {
    std::string_view best;
    size_t best_d = std::max<size_t>(2, typed.size() / 3) + 1;
    for (std::string_view n : names)
        if (size_t d = edit_distance(typed, n); d < best_d) best = n, best_d = d;
    return best.empty() ? "" : std::string("; did you mean ") + open + std::string(best) + close + "?";
}

bool only_known_keys(const toml::table& t, const std::string& path, std::string& err) {
    std::vector<std::string_view> sections;
    for (const auto& [name, keys] : known_keys()) sections.push_back(name);
    auto at = [&](const toml::source_region& s) {
        return "config: " + path + " line " + std::to_string(s.begin.line) + ": ";
    };
    for (auto&& [name, node] : t) {
        auto known = known_keys().find(name.str());
        if (known == known_keys().end()) {
            err = at(name.source()) + "unknown section [" + std::string(name.str()) + "]" +
                  nearest(name.str(), sections, "[", "]");
            return false;
        }
        if (name.str() == "ward_positions") continue;
        const toml::table* section = node.as_table();
        if (!section) {
            err = at(name.source()) + std::string(name.str()) + " must be a section, [" + std::string(name.str()) + "]";
            return false;
        }
        for (auto&& [key, value] : *section) {
            const auto& keys = known->second;
            if (std::find(keys.begin(), keys.end(), key.str()) != keys.end()) continue;
            err = at(key.source()) + "unknown key \"" + std::string(key.str()) + "\" in [" +
                  std::string(name.str()) + "]" + nearest(key.str(), keys, "\"", "\"");
            return false;
        }
    }
    return true;
}

template <typename T>
bool get(const toml::table& t, const char* section, const char* key, T& out, std::string& err) {
    auto node = t[section][key];
    if (!node) return true;
    // value<T>() would read true/false as 1/0: a boolean is only a boolean, and a
    // boolean key takes nothing else.
    bool fits = std::is_same_v<T, bool> ? node.is_boolean() : !node.is_boolean();
    if (auto v = fits ? node.template value<T>() : std::nullopt) {
        out = *v;
        return true;
    }
    err = std::string("config: [") + section + "] " + key + " has the wrong type";
    return false;
}

bool get_list(const toml::table& t, const char* section, const char* key, std::vector<std::string>& out,
              std::string& err) {
    auto node = t[section][key];
    if (!node) return true;
    auto* arr = node.as_array();
    if (!arr) {
        err = std::string("config: [") + section + "] " + key + " must be a list of strings";
        return false;
    }
    out.clear();
    for (auto& e : *arr) {
        auto s = e.value<std::string>();
        if (!s) {
            err = std::string("config: [") + section + "] " + key + " must be a list of strings";
            return false;
        }
        out.push_back(*s);
    }
    return true;
}

// Secrets live in files of their own (readable by root and the service user only):
// the kiosk's API key, the portal's keys one a line. Blank lines are skipped.
bool read_secret_lines(const std::string& file, const char* where, std::vector<std::string>& out,
                       std::string& err) {
    std::string text;
    if (std::string e = files::read_all(file, text); !e.empty()) {
        err = std::string("config: ") + where + ": " + e;
        return false;
    }
    size_t at = 0;
    while (at <= text.size()) {
        size_t nl = text.find('\n', at);
        std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(line.begin());
        if (!line.empty()) out.push_back(line);
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    return true;
}

// "1".."32767" as a kiosk number; 0 for anything else.
int kiosk_number(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string_view::npos) return 0;
    int n = std::stoi(std::string(s));
    return n >= 1 && n <= 32767 ? n : 0;
}

// [server] kiosk_keys = { 1 = "key", 2 = "key" }. Errors never echo a key.
bool get_kiosk_keys(const toml::table& t, std::vector<KioskKey>& out, std::string& err) {
    auto node = t["server"]["kiosk_keys"];
    if (!node) return true;
    auto* table = node.as_table();
    if (!table) {
        err = "config: [server] kiosk_keys must be a table: { 1 = \"key\", 2 = \"key\" }";
        return false;
    }
    for (auto&& [name, value] : *table) {
        int kiosk = kiosk_number(name.str());
        auto key = value.value<std::string>();
        if (!kiosk || !value.is_string() || !key || key->empty()) {
            err = "config: [server] kiosk_keys: each entry is a kiosk number (1..32767) = a non-empty key (\"" +
                  std::string(name.str()).substr(0, 20) + "\" is not)";
            return false;
        }
        out.push_back({kiosk, *key});
    }
    return true;
}

// [ward_positions] "Phường X" = [21.03, 105.84]: each a ward of [kiosk] ward or wards,
// each a latitude and a longitude in range (a swapped pair is out of range in Vietnam's
// longitudes, which is why the range is checked and not just the type).
bool get_ward_positions(const toml::table& t, Config& c, std::string& err) {
    auto node = t["ward_positions"];
    if (!node) return true;
    auto* table = node.as_table();
    if (!table) {
        err = "config: [ward_positions] must be a table: \"Phường X\" = [latitude, longitude]";
        return false;
    }
    for (auto&& [name, value] : *table) {
        std::string ward(name.str());
        bool known = ward == c.ward;
        for (const std::string& w : c.wards) known = known || w == ward;
        auto* pair = value.as_array();
        std::optional<double> lat, lon;
        if (pair && pair->size() == 2) lat = (*pair)[0].value<double>(), lon = (*pair)[1].value<double>();
        if (!known) {
            err = "config: [ward_positions] \"" + ward + "\" is not [kiosk] ward nor one of [kiosk] wards";
            return false;
        }
        if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180 || (*lat == 0 && *lon == 0)) {
            err = "config: [ward_positions] \"" + ward + "\" must be [latitude, longitude], e.g. [21.0333, 105.8372]";
            return false;
        }
        c.ward_positions.push_back({ward, *lat, *lon});
    }
    return true;
}

// [server] kiosk_keys_file: "KIOSK:KEY" a line (blank lines skipped).
bool read_kiosk_key_lines(const std::string& file, std::vector<KioskKey>& out, std::string& err) {
    std::vector<std::string> lines;
    if (!read_secret_lines(file, "[server] kiosk_keys_file", lines, err)) return false;
    for (size_t i = 0; i < lines.size(); ++i) {
        size_t colon = lines[i].find(':');
        int kiosk = colon == std::string::npos ? 0 : kiosk_number(std::string_view(lines[i]).substr(0, colon));
        std::string key = colon == std::string::npos ? std::string() : lines[i].substr(colon + 1);
        while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.erase(key.begin());
        if (!kiosk || key.empty()) {
            err = "config: [server] kiosk_keys_file: entry " + std::to_string(i + 1) +
                  " is not KIOSK:KEY with a kiosk number 1..32767";
            return false;
        }
        out.push_back({kiosk, key});
    }
    return true;
}

// One key, one speaker: a key given to two kiosks, or to a kiosk and also as a plain
// api_key, would leave the portal to guess who is speaking.
bool keys_are_unambiguous(const Config& c, std::string& err) {
    std::map<std::string, int> owner;
    for (const KioskKey& k : c.portal_kiosk_keys) {
        auto [at, added] = owner.emplace(k.key, k.kiosk_id);
        if (!added && at->second != k.kiosk_id) {
            err = "config: [server] kiosk_keys: one key is given to kiosks " + std::to_string(at->second) + " and " +
                  std::to_string(k.kiosk_id);
            return false;
        }
    }
    for (const std::string& key : c.portal_api_keys) {
        if (auto at = owner.find(key); at != owner.end()) {
            err = "config: [server] kiosk " + std::to_string(at->second) +
                  "'s key is also in api_keys; a kiosk's key belongs in kiosk_keys only";
            return false;
        }
    }
    return true;
}

// The portal's keys: api_keys (already read) plus api_keys_file, kiosk_keys and kiosk_keys_file.
bool read_server_keys(const toml::table& t, const std::filesystem::path& base, Config& c, std::string& e) {
    std::string keys_file, kiosk_file;
    if (!get(t, "server", "api_keys_file", keys_file, e) || !get(t, "server", "kiosk_keys_file", kiosk_file, e) ||
        !get_kiosk_keys(t, c.portal_kiosk_keys, e))
        return false;
    if (!keys_file.empty() &&
        !read_secret_lines(resolve(base, keys_file), "[server] api_keys_file", c.portal_api_keys, e))
        return false;
    if (!kiosk_file.empty() && !read_kiosk_key_lines(resolve(base, kiosk_file), c.portal_kiosk_keys, e)) return false;
    return keys_are_unambiguous(c, e);
}

}  // namespace

ConfigResult load_config(const std::string& path) {
    ConfigResult r;
    if (path.empty()) return r;
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        r.error = "config: " + path + ": " + std::string(e.description()) + " (line " +
                  std::to_string(e.source().begin.line) + ")";
        return r;
    }
    Config& c = r.config;
    std::string& e = r.error;
    if (!only_known_keys(t, path, e)) return r;
    int64_t kid = c.kiosk_id, n;
    bool ok = get(t, "kiosk", "id", kid, e) && get(t, "kiosk", "ward", c.ward, e) &&
              get(t, "kiosk", "province", c.province, e) && get_list(t, "kiosk", "wards", c.wards, e) &&
              get(t, "kiosk", "hotline", c.hotline, e) && get(t, "kiosk", "lang", c.lang, e) && get(t, "kiosk", "keyboard_ime", c.keyboard_ime, e) &&
              get(t, "kiosk", "power_off_command", c.power_off_command, e) &&
              get(t, "kiosk", "lat", c.lat, e) && get(t, "kiosk", "long", c.lon, e) &&
              get(t, "kiosk", "position_fallback", c.position_fallback, e) &&
              get(t, "portal", "url", c.portal_url, e) && get(t, "portal", "public_url", c.public_url, e) &&
              get(t, "portal", "api_key", c.api_key, e) &&
              get(t, "portal", "jurisdiction_id", c.jurisdiction_id, e) && get(t, "portal", "format", c.format, e) &&
              get(t, "portal", "ca_file", c.ca_file, e) && get(t, "portal", "pinned_pubkey", c.pinned_pubkey, e) &&
              get(t, "portal", "proxy", c.proxy, e) && get(t, "portal", "pull_public", c.pull_public, e) &&
              get(t, "store", "path", c.db_path, e) && get(t, "store", "key_file", c.key_file, e) &&
              get(t, "staff", "accounts_file", c.staff_file, e) &&
              get(t, "printer", "device", c.printer, e) && get(t, "server", "listen", c.listen, e) &&
              get(t, "server", "db", c.portal_db, e) && get_list(t, "server", "api_keys", c.portal_api_keys, e) &&
              get(t, "photos", "from_phone", c.photos_from_phone, e);
    if (!ok || !get_ward_positions(t, c, e)) return r;
    if (c.position_fallback && c.lat == 0 && c.lon == 0) {
        e = "config: [kiosk] position_fallback needs the kiosk's lat and long";
        return r;
    }
    if (kid < 1 || kid > 32767) {
        e = "config: [kiosk] id must be a whole number from 1 to 32767";
        return r;
    }
    c.kiosk_id = static_cast<int>(kid);
    struct IntKey { const char* section; const char* key; int* out; };
    const IntKey ints[] = {{"printer", "width_dots", &c.printer_dots},
                           {"portal", "attention_after_400", &c.attention_after_400},
                           {"timeouts", "connect_s", &c.connect_timeout_s},
                           {"timeouts", "request_s", &c.request_timeout_s},
                           {"timeouts", "poll_s", &c.poll_interval_s},
                           {"timeouts", "max_backoff_s", &c.max_backoff_s},
                           {"timeouts", "receipt_clear_s", &c.receipt_clear_s},
                           {"timeouts", "idle_reset_s", &c.idle_reset_s},
                           {"timeouts", "idle_grace_s", &c.idle_grace_s},
                           {"photos", "link_days", &c.photo_link_days},
                           {"server", "workers", &c.portal_workers},
                           {"server", "connections_per_address", &c.portal_per_address},
                           {"server", "request_s", &c.portal_request_s}};
    for (const IntKey& k : ints) {
        n = *k.out;
        if (!get(t, k.section, k.key, n, e)) return r;
        // Zero would make the agent spin (poll, backoff), never wait (connect, request)
        // or clear a receipt before anyone reads it.
        if (n < 1 || n > 86400 * 7) {
            e = std::string("config: [") + k.section + "] " + k.key + " is out of range";
            return r;
        }
        *k.out = static_cast<int>(n);
    }
    if (c.portal_workers > 1024 || c.portal_per_address > c.portal_workers) {
        e = "config: [server] workers must be at most 1024, and connections_per_address at most workers";
        return r;
    }
    if (c.printer_dots != 384 && c.printer_dots != 576) {
        e = "config: [printer] width_dots must be 384 (58 mm) or 576 (80 mm)";
        return r;
    }
    if (c.format != "json" && c.format != "xml") {
        e = "config: [portal] format must be \"json\" or \"xml\"";
        return r;
    }
    // Every receipt's QR is public_url + "/lookup/CODE": a trailing "/" made it "//lookup",
    // which the portal answers with 404. Both URLs are http or https, or nothing.
    while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
    for (auto [key, url] : {std::pair<const char*, std::string*>{"url", &c.portal_url}, {"public_url", &c.public_url}}) {
        bool web = url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0;
        if (!url->empty() && (!web || url->find_first_of(" \t\r\n") != std::string::npos)) {
            e = std::string("config: [portal] ") + key + " must start with http:// or https://, e.g. "
                "\"https://phananh.example.gov.vn\"";
            return r;
        }
    }
    if (!c.pinned_pubkey.empty() && c.pinned_pubkey.rfind("sha256//", 0) != 0) {
        e = "config: [portal] pinned_pubkey must look like sha256//BASE64";
        return r;
    }
    if (c.photos_from_phone != "auto" && c.photos_from_phone != "on" && c.photos_from_phone != "off") {
        e = "config: [photos] from_phone must be \"auto\", \"on\" or \"off\"";
        return r;
    }
    if (c.photo_link_days > 90) {
        e = "config: [photos] link_days must be from 1 to 90";
        return r;
    }
    if (c.lang != "vi" && c.lang != "en") {
        e = "config: [kiosk] lang must be \"vi\" or \"en\"";
        return r;
    }
    auto base = std::filesystem::absolute(path).parent_path();
    std::string key_file;
    if (!get(t, "portal", "api_key_file", key_file, e)) return r;
    if (!key_file.empty()) {
        std::vector<std::string> lines;
        if (!read_secret_lines(resolve(base, key_file), "[portal] api_key_file", lines, e)) return r;
        if (!lines.empty()) c.api_key = lines.front();
    }
    if (!read_server_keys(t, base, c, e)) return r;
    c.db_path = resolve(base, c.db_path);
    c.key_file = resolve(base, c.key_file);
    c.staff_file = resolve(base, c.staff_file);
    c.portal_db = resolve(base, c.portal_db);
    c.ca_file = resolve(base, c.ca_file);
    if (c.printer.rfind("file:", 0) == 0) c.printer = "file:" + resolve(base, c.printer.substr(5));
    return r;
}

const char* version_string() { return WK_VERSION; }

}  // namespace wk
