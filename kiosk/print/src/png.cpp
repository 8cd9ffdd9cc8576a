// PNG and RGBA conversion of the 1-bit receipt. stb_image_write comes from Debian's
// libstb (the implementation is compiled into libstb.so, so no IMPLEMENTATION macro).
#include "print/png.hpp"

#include <stb/stb_image_write.h>

#include "platform/files.hpp"

namespace wk::print {

std::string write_png(const Bitmap& image, const std::string& path) {
    if (image.width() <= 0 || image.height() <= 0) return "empty image, nothing to write to " + path;
    std::vector<uint8_t> gray(image.dots().size());
    for (size_t i = 0; i < gray.size(); ++i) gray[i] = image.dots()[i] ? 0 : 255;
    return write_png_pixels(path, gray.data(), image.width(), image.height(), 1);
}

std::string write_png_pixels(const std::string& path, const uint8_t* pixels, int width, int height, int channels) {
    std::string bytes;
    auto append = [](void* out, void* data, int size) {
        static_cast<std::string*>(out)->append(static_cast<const char*>(data), static_cast<size_t>(size));
    };
    if (!stbi_write_png_to_func(append, &bytes, width, height, channels, pixels, width * channels))
        return "cannot encode the PNG for " + path;
    return files::write_atomic(path, bytes, 0644);
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
