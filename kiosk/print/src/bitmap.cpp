// The growing 1-bit image: bounds checks and growth in one place, so drawing code
// (text, QR, rules) never indexes the dot array itself.
#include "print/bitmap.hpp"

#include <algorithm>

namespace wk::print {

Bitmap::Bitmap(int width, int height)
    : m_width(std::max(width, 0)), m_height(std::max(height, 0)),
      m_dots(static_cast<size_t>(m_width) * static_cast<size_t>(m_height), 0) {}

uint8_t Bitmap::at(int x, int y) const {
    if (x < 0 || y < 0 || x >= m_width || y >= m_height) return 0;
    return m_dots[static_cast<size_t>(y) * static_cast<size_t>(m_width) + static_cast<size_t>(x)];
}

void Bitmap::set(int x, int y, uint8_t black) {
    if (x < 0 || y < 0 || x >= m_width) return;
    grow_to(y + 1);
    m_dots[static_cast<size_t>(y) * static_cast<size_t>(m_width) + static_cast<size_t>(x)] = black ? 1 : 0;
}

void Bitmap::fill(const Rect& r, uint8_t black) {
    int x0 = std::max(r.x, 0), x1 = std::min(r.x + r.w, m_width);
    int y0 = std::max(r.y, 0), y1 = r.y + r.h;
    if (x0 >= x1 || y0 >= y1) return;
    grow_to(y1);
    for (int y = y0; y < y1; ++y) {
        auto row = m_dots.begin() + static_cast<std::ptrdiff_t>(y) * m_width;
        std::fill(row + x0, row + x1, black ? 1 : 0);
    }
}

void Bitmap::grow_to(int height) {
    if (height <= m_height) return;
    m_height = height;
    m_dots.resize(static_cast<size_t>(m_width) * static_cast<size_t>(m_height), 0);
}

void Bitmap::widen_to(int width) {
    if (width <= m_width) return;
    Bitmap wider(width, m_height);
    for (int y = 0; y < m_height; ++y)
        std::copy_n(m_dots.begin() + static_cast<std::ptrdiff_t>(y) * m_width, m_width,
                    wider.m_dots.begin() + static_cast<std::ptrdiff_t>(y) * width);
    *this = std::move(wider);
}

int Bitmap::count_black(const Rect& r) const {
    int n = 0;
    for (int y = std::max(r.y, 0); y < std::min(r.y + r.h, m_height); ++y)
        for (int x = std::max(r.x, 0); x < std::min(r.x + r.w, m_width); ++x) n += at(x, y);
    return n;
}

}  // namespace wk::print
