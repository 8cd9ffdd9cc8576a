// UTF-8 for the input method: the engine works on code points (char32_t) and hands
// the kiosk UTF-8. Owns only conversions; it knows nothing about Vietnamese.
#pragma once
#include <string>
#include <string_view>

namespace wk::ime {

constexpr char32_t kReplacement = 0xFFFD;  // stands in for each malformed byte sequence

std::u32string from_utf8(std::string_view text);      // malformed sequences become kReplacement
std::string to_utf8(std::u32string_view text);         // invalid code points become kReplacement
void append_utf8(std::string& out, char32_t cp);       // appends one code point's bytes
bool pop_back_utf8(std::string& text);                 // drops the last code point; false if empty

}  // namespace wk::ime
