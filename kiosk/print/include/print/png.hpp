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
// Writes row-major pixels (`channels` bytes each: 1 gray, 3 RGB, 4 RGBA) as a PNG. The
// bytes are encoded in memory and written with files::write_atomic: a device or FIFO
// at `path` is written into, a directory, socket or symlink there is refused, never
// replaced. Returns an error message, empty on success.
std::string write_png_pixels(const std::string& path, const uint8_t* pixels, int width, int height, int channels);
// Row-major RGBA bytes, width*height*4, opaque; black dots (0,0,0), white (255,255,255).
std::vector<uint8_t> to_rgba(const Bitmap& image);

}  // namespace wk::print
