// The project's UTF-8. Strict decoding: overlong forms, surrogates and truncated
// sequences each become one kReplacement.
#include "platform/utf8.hpp"

namespace wk::utf8 {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes one code point starting at text[i] and advances i, the way the WHATWG
// Encoding standard does: bytes that cannot start a sequence, overlong forms and
// surrogates are refused at the first byte that shows it, each refusal is one
// kReplacement, and a byte that ended a sequence early is read again as a new start.
char32_t decode_one(std::string_view text, size_t& i) {
    const auto lead = static_cast<unsigned char>(text[i++]);
    if (lead < 0x80) return lead;
    int n = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) n = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) n = 3, lower = lead == 0xE0 ? 0xA0 : 0x80, upper = lead == 0xED ? 0x9F : 0xBF;
    else if (lead >= 0xF0 && lead <= 0xF4) n = 4, lower = lead == 0xF0 ? 0x90 : 0x80, upper = lead == 0xF4 ? 0x8F : 0xBF;
    else return kReplacement;
    char32_t cp = lead & (0x7F >> n);
    for (int k = 1; k < n; ++k) {
        if (i >= text.size()) return kReplacement;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < (k == 1 ? lower : 0x80) || c > (k == 1 ? upper : 0xBF)) return kReplacement;
        cp = (cp << 6) | (c & 0x3F);
        ++i;
    }
    return cp;
}

}  // namespace

std::u32string decode(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) out.push_back(decode_one(text, i));
    return out;
}

void append(std::string& out, char32_t cp) {
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

std::string encode(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : text) append(out, cp);
    return out;
}

bool pop_back(std::string& text) {
    if (text.empty()) return false;
    size_t end = text.size() - 1;
    // Step back over at most three continuation bytes to the lead byte.
    for (int k = 0; k < 3 && end > 0 && is_continuation(static_cast<unsigned char>(text[end])); ++k) --end;
    text.erase(end);
    return true;
}

bool valid(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        size_t at = i;
        char32_t cp = decode_one(text, i);
        // A real U+FFFD in the text is fine; one made up for bad bytes is not.
        if (cp == kReplacement && text.substr(at, i - at) != "\xEF\xBF\xBD") return false;
    }
    return true;
}

size_t length(std::string_view text) {
    size_t n = 0;
    for (char c : text) n += !is_continuation(static_cast<unsigned char>(c));
    return n;
}

}  // namespace wk::utf8
