// Receipt bitmaps for eyes: a PNG file (a sample for the ward office, a test artifact)
// and RGBA pixels for the kiosk's on-screen preview texture. Black on white.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "print/bitmap.hpp"

namespace wk::print {

// Writes `image` as an 8-bit grayscale PNG (black dots 0, white 255) via stb_image_write.
// Returns an error message, empty on success.
std::string write_png(const Bitmap& image, const std::string& path);
// Row-major RGBA bytes, width*height*4, opaque; black dots (0,0,0), white (255,255,255).
std::vector<uint8_t> to_rgba(const Bitmap& image);

}  // namespace wk::print
