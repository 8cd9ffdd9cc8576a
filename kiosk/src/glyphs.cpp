// Which characters the fonts draw (glyphs.hpp's tables) and which are invisible
// format characters.
#include "kiosk/glyphs.hpp"

#include <iterator>

namespace wk::glyphs {
namespace {
template <size_t N>
bool in(const Range (&table)[N], char32_t c) {
    for (const Range& r : table)
        if (c >= r.first && c <= r.last) return true;
    return false;
}
}  // namespace

bool shown(char32_t c) { return in(kText, c) || in(kArrows, c) || in(kMarks, c); }

bool invisible_format(char32_t c) {
    return c == 0x00AD || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

}  // namespace wk::glyphs
