// UTF-8 encoding and decoding for wk_ime. Strict decoding: overlong forms,
// surrogates and truncated sequences each become one kReplacement.
#include "ime/utf8.hpp"

namespace wk::ime {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes one code point starting at text[i]; advances i past what it consumed.
char32_t decode_one(std::string_view text, size_t& i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (len == 0) {
        ++i;
        return kReplacement;
    }
    if (len == 1) {
        ++i;
        return lead;
    }
    char32_t cp = lead & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
        if (i + k >= text.size() || !is_continuation(static_cast<unsigned char>(text[i + k]))) {
            i += k;
            return kReplacement;
        }
        cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += len;
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
    return cp;
}

}  // namespace

std::u32string from_utf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) out.push_back(decode_one(text, i));
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string to_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : text) append_utf8(out, cp);
    return out;
}

bool pop_back_utf8(std::string& text) {
    if (text.empty()) return false;
    size_t end = text.size() - 1;
    // Step back over at most three continuation bytes to the lead byte.
    for (int k = 0; k < 3 && end > 0 && is_continuation(static_cast<unsigned char>(text[end])); ++k) --end;
    text.erase(end);
    return true;
}

}  // namespace wk::ime
