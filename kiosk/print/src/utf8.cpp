// The receipt's text helpers: UTF-8 through the project's one copy (platform/utf8.hpp),
// and the description shortener the receipt uses.
#include "print/utf8.hpp"

#include "platform/utf8.hpp"

namespace wk::print {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

std::u32string decode_utf8(std::string_view text) { return utf8::decode(text); }

std::string encode_utf8(char32_t cp) {
    std::string s;
    utf8::append(s, cp);
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
