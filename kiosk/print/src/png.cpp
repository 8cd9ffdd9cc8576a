// PNG and RGBA conversion of the 1-bit receipt. stb_image_write comes from Debian's
// libstb (the implementation is compiled into libstb.so, so no IMPLEMENTATION macro).
#include "print/png.hpp"

#include <cerrno>
#include <cstring>
#include <stb/stb_image_write.h>

namespace wk::print {

std::string write_png(const Bitmap& image, const std::string& path) {
    if (image.width() <= 0 || image.height() <= 0) return "empty image, nothing to write to " + path;
    std::vector<uint8_t> gray(image.dots().size());
    for (size_t i = 0; i < gray.size(); ++i) gray[i] = image.dots()[i] ? 0 : 255;
    errno = 0;
    if (!stbi_write_png(path.c_str(), image.width(), image.height(), 1, gray.data(), image.width()))
        return "cannot write " + path + (errno ? std::string(": ") + std::strerror(errno) : std::string());
    return {};
}

std::vector<uint8_t> to_rgba(const Bitmap& image) {
    std::vector<uint8_t> rgba(image.dots().size() * 4);
    for (size_t i = 0; i < image.dots().size(); ++i) {
        uint8_t v = image.dots()[i] ? 0 : 255;
        rgba[i * 4 + 0] = v;
        rgba[i * 4 + 1] = v;
        rgba[i * 4 + 2] = v;
        rgba[i * 4 + 3] = 255;
    }
    return rgba;
}

}  // namespace wk::print
