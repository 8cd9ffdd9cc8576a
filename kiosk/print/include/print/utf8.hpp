// UTF-8 for the receipt: decoding to code points for glyph lookup and shortening a
// citizen's description to its start. Vietnamese arrives precomposed (NFC), so one
// code point is one glyph; combining marks are not handled.
#pragma once
#include <string>
#include <string_view>

namespace wk::print {

constexpr char32_t kReplacement = 0xFFFD;  // stands in for each malformed byte sequence

// Code points of `text`; malformed or overlong sequences become kReplacement.
std::u32string decode_utf8(std::string_view text);
// The UTF-8 bytes of one code point (invalid code points give kReplacement's bytes).
std::string encode_utf8(char32_t cp);
// `text` with line breaks and runs of white space turned into single spaces, trimmed.
std::string one_line(std::string_view text);
// At most `max_chars` code points of one_line(text); when cut, the cut goes back to the
// last space if there is one in the second half, trailing punctuation is dropped and
// "…" is appended.
std::string shorten(std::string_view text, size_t max_chars);

}  // namespace wk::print
