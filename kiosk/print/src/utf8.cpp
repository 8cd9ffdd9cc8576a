// UTF-8 decoding by hand (no locale, no iconv): a strict decoder that never throws,
// and the description shortener the receipt uses.
#include "print/utf8.hpp"

namespace wk::print {
namespace {

// The length of the sequence a lead byte starts, 0 for a byte that cannot lead.
int sequence_length(unsigned char b) {
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) return 2;
    if (b >= 0xE0 && b <= 0xEF) return 3;
    if (b >= 0xF0 && b <= 0xF4) return 4;
    return 0;
}

// Decodes the sequence at text[i] of length n; kReplacement when malformed.
char32_t decode_one(std::string_view text, size_t i, int n) {
    static const char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (n == 1) return static_cast<unsigned char>(text[i]);
    char32_t cp = static_cast<unsigned char>(text[i]) & (0xFF >> (n + 1));
    for (int k = 1; k < n; ++k) {
        unsigned char c = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
        if ((c & 0xC0) != 0x80) return kReplacement;
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
    return cp;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

std::u32string decode_utf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        int n = sequence_length(static_cast<unsigned char>(text[i]));
        if (n == 0 || i + static_cast<size_t>(n) > text.size()) {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        char32_t cp = decode_one(text, i, n);
        out.push_back(cp);
        i += cp == kReplacement ? 1 : static_cast<size_t>(n);
    }
    return out;
}

std::string encode_utf8(char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

std::string one_line(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string shorten(std::string_view text, size_t max_chars) {
    std::u32string cps = decode_utf8(one_line(text));
    if (cps.size() <= max_chars) return one_line(text);
    size_t cut = max_chars;
    size_t space = cps.rfind(U' ', max_chars);
    if (space != std::u32string::npos && space >= max_chars / 2) cut = space;
    std::string out;
    for (size_t i = 0; i < cut; ++i) out += encode_utf8(cps[i]);
    while (!out.empty() && std::string_view(" .,;:").find(out.back()) != std::string_view::npos) out.pop_back();
    return out + "\u2026";
}

}  // namespace wk::print
