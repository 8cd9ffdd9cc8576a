// Pictures for the photo tests, made in memory with stb_image_write (Debian's libstb):
// a two-coloured picture as JPEG or PNG, and a phone camera's JPEG carrying the metadata a
// portal must strip (EXIF orientation, an XMP location, a comment naming the camera).
#pragma once
#include <stb/stb_image_write.h>

#include <cstddef>
#include <string>
#include <vector>

namespace wk::test {

// w x h pixels, red on the left half and blue on the right, as PNG or JPEG (quality 90).
inline std::string two_colours(int w, int h, bool png) {
    std::vector<unsigned char> px(static_cast<size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &px[(static_cast<size_t>(y) * w + x) * 3];
            p[0] = x < w / 2 ? 220 : 20, p[1] = 20, p[2] = x < w / 2 ? 20 : 220;
        }
    std::string out;
    auto append = [](void* c, void* d, int n) { static_cast<std::string*>(c)->append(static_cast<char*>(d), n); };
    png ? stbi_write_png_to_func(append, &out, w, h, 3, px.data(), w * 3)
        : stbi_write_jpg_to_func(append, &out, w, h, 3, px.data(), 90);
    return out;
}

// One JPEG header segment: marker, big-endian length, body.
inline std::string jpeg_segment(unsigned char marker, const std::string& body) {
    size_t n = body.size() + 2;
    return std::string{'\xFF', static_cast<char>(marker), static_cast<char>(n >> 8), static_cast<char>(n & 0xFF)} + body;
}

// A phone camera's JPEG: EXIF orientation 6 (turn 90 degrees clockwise to show), an XMP
// APP1 with a location, and a comment naming the camera.
inline std::string camera_jpeg(int w, int h) {
    std::string exif = std::string("Exif\0\0", 6) + std::string("II*\0\x08\0\0\0", 8) + std::string("\x01\0", 2) +
                       std::string("\x12\x01\x03\0\x01\0\0\0\x06\0\0\0", 12) + std::string(4, '\0');
    std::string jpeg = two_colours(w, h, false);
    return jpeg.substr(0, 2) + jpeg_segment(0xE1, exif) +
           jpeg_segment(0xE1, "http://ns.adobe.com/xap/1.0/\0GPSLatitude 21.0285N GPSLongitude 105.8542E") +
           jpeg_segment(0xFE, "Canon EOS 5D serial 0042") + jpeg.substr(2);
}

}  // namespace wk::test
