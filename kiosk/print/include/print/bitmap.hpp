// A 1-bit image as a thermal printer sees it: a fixed width in dots (384 for 58 mm
// paper, 576 for 80 mm) that grows downward as a receipt is laid out. One byte per
// dot (0 white, 1 black); packing into bits is the ESC/POS encoder's business.
#pragma once
#include <cstdint>
#include <vector>

namespace wk::print {

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;  // in dots; top-left origin
};

class Bitmap {
  public:
    Bitmap() = default;
    Bitmap(int width, int height);  // all white; negative sizes count as 0

    int width() const { return m_width; }
    int height() const { return m_height; }
    // 1 for black, 0 for white; 0 outside the image.
    uint8_t at(int x, int y) const;
    // Sets a dot; grows the image downward when y is below the bottom; ignores dots
    // left, right or above the image.
    void set(int x, int y, uint8_t black = 1);
    // Fills a rectangle (clipped to the width), growing downward as `set` does.
    void fill(const Rect& r, uint8_t black = 1);
    // Makes the image at least `height` rows tall (new rows white).
    void grow_to(int height);
    // Makes the image at least `width` dots wide, keeping what is drawn (new dots white).
    void widen_to(int width);
    // The number of black dots in `r` (clipped).
    int count_black(const Rect& r) const;

    const std::vector<uint8_t>& dots() const { return m_dots; }  // row-major, width*height
    bool operator==(const Bitmap&) const = default;

  private:
    int m_width = 0;
    int m_height = 0;
    std::vector<uint8_t> m_dots;
};

}  // namespace wk::print
