// GNU .mo reader and the current-language switch.
#include "kiosk/strings.hpp"

#include <cstdint>
#include <cstring>

#include "platform/clock.hpp"
#include "platform/files.hpp"

namespace wk::i18n {
namespace {
Catalog g_vi, g_en;
std::string g_lang = "vi";

uint32_t read_u32(const std::string& d, size_t at, bool swap) {
    uint32_t v;
    std::memcpy(&v, d.data() + at, 4);
    return swap ? __builtin_bswap32(v) : v;
}
}  // namespace

bool Catalog::load(const std::string& path, std::string& error) {
    std::string d;
    error = files::read_all(path, d);
    if (!error.empty()) return false;
    if (d.size() < 28) {
        error = path + ": too short for a .mo file";
        return false;
    }
    uint32_t magic = read_u32(d, 0, false);
    bool swap = magic == 0xde120495u;
    if (!swap && magic != 0x950412deu) {
        error = path + ": not a .mo file";
        return false;
    }
    uint32_t n = read_u32(d, 8, swap), orig = read_u32(d, 12, swap), trans = read_u32(d, 16, swap);
    m_map.clear();
    for (uint32_t i = 0; i < n; ++i) {
        size_t o = orig + 8ull * i, t = trans + 8ull * i;
        if (o + 8 > d.size() || t + 8 > d.size()) {
            error = path + ": truncated";
            return false;
        }
        uint32_t ol = read_u32(d, o, swap), oo = read_u32(d, o + 4, swap);
        uint32_t tl = read_u32(d, t, swap), to = read_u32(d, t + 4, swap);
        if (size_t(oo) + ol > d.size() || size_t(to) + tl > d.size()) {
            error = path + ": truncated";
            return false;
        }
        if (ol == 0) continue;  // the header entry
        m_map.emplace(d.substr(oo, ol), d.substr(to, tl));
    }
    return true;
}

const std::string* Catalog::find(std::string_view msgid) const {
    auto it = m_map.find(std::string(msgid));
    return it == m_map.end() || it->second.empty() ? nullptr : &it->second;
}

std::string load_catalogs(const std::string& asset_dir) {
    std::string error;
    if (!g_vi.load(asset_dir + "/locale/vi.mo", error)) return error;
    if (!g_en.load(asset_dir + "/locale/en.mo", error)) return error;
    return "";
}

void set_language(std::string_view lang) { g_lang = lang == "en" ? "en" : "vi"; }
const std::string& language() { return g_lang; }
const Catalog& catalog(std::string_view lang) { return lang == "en" ? g_en : g_vi; }

const char* tr(const char* msgid) {
    const std::string* s = catalog(g_lang).find(msgid);
    return s ? s->c_str() : msgid;
}

}  // namespace wk::i18n

namespace wk::i18n {

std::string format(const char* pattern, std::initializer_list<std::string> args) {
    std::string out;
    auto it = args.begin();
    for (const char* p = pattern; *p; ++p) {
        if (p[0] == '{' && p[1] == '}' && it != args.end()) {
            out += *it++;
            ++p;
        } else {
            out += *p;
        }
    }
    return out;
}

std::string local_time(int64_t unix_ms) { return vietnam_time(unix_ms); }

}  // namespace wk::i18n
