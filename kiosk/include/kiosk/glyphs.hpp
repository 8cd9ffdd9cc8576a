// The characters the kiosk's fonts draw, one table shared by the font atlas (ui.cpp)
// and the text fields (app_text.cpp), so that a field never stores what the screen
// would show as "?": Latin and Vietnamese letters, punctuation, ₫ € № ™ from Noto Sans;
// the arrows from Noto Sans Symbols; ✓ ✔ ✕ ✖ ✗ ✘ from Noto Sans Symbols 2. Emoji are not
// among them (Debian's colour emoji font is a bitmap font ImGui cannot draw).
#pragma once

namespace wk::glyphs {

struct Range {
    char32_t first, last;
};

inline constexpr Range kText[] = {
    {0x0020, 0x007E}, {0x00A0, 0x017F}, {0x01A0, 0x01A1}, {0x01AF, 0x01B0}, {0x0300, 0x0303},
    {0x0309, 0x0309}, {0x0323, 0x0323}, {0x1EA0, 0x1EF9}, {0x2010, 0x2027}, {0x2030, 0x203A},
    {0x20A0, 0x20BF}, {0x2116, 0x2116}, {0x2122, 0x2122}};
inline constexpr Range kArrows[] = {{0x2190, 0x2193}};  // Noto Sans Symbols
inline constexpr Range kMarks[] = {{0x2713, 0x2718}};   // Noto Sans Symbols 2
inline constexpr Range kCode[] = {{0x0020, 0x007E}};    // the receipt code's very large font

// In one of the tables above except kCode: the body, large and title fonts draw it.
bool shown(char32_t c);

// Invisible format characters that typing or scanning may bring and a citizen could
// neither see nor delete: bidi controls, zero-width spaces and joiners, the BOM, the
// soft hyphen. Fields drop them.
bool invisible_format(char32_t c);

}  // namespace wk::glyphs
