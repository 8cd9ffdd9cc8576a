// UTF-8 by hand (no locale, no iconv), the one copy the whole project uses: strict
// decoding that never throws (each malformed sequence becomes U+FFFD), encoding,
// validation and counting of code points.
#pragma once
#include <string>
#include <string_view>

namespace wk::utf8 {

constexpr char32_t kReplacement = 0xFFFD;

std::u32string decode(std::string_view text);  // overlong, surrogate, truncated -> kReplacement
std::string encode(std::u32string_view text);   // invalid code points -> kReplacement
void append(std::string& out, char32_t cp);     // one code point's bytes
bool pop_back(std::string& text);               // drops the last code point; false if empty
bool valid(std::string_view text);              // well-formed UTF-8, nothing replaced
size_t length(std::string_view text);           // code points; `text` should be valid

}  // namespace wk::utf8
