// wk_ime's names for the project's UTF-8 helpers (platform/utf8.hpp).
#pragma once
#include "platform/utf8.hpp"

namespace wk::ime {

constexpr char32_t kReplacement = utf8::kReplacement;

inline std::u32string from_utf8(std::string_view text) { return utf8::decode(text); }
inline std::string to_utf8(std::u32string_view text) { return utf8::encode(text); }
inline void append_utf8(std::string& out, char32_t cp) { utf8::append(out, cp); }
inline bool pop_back_utf8(std::string& text) { return utf8::pop_back(text); }

}  // namespace wk::ime
