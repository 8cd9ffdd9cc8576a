// Photo checks and re-encoding: photo.hpp.
// [SECTION] kinds and EXIF  [SECTION] pixels  [SECTION] prepare
#include "photo.hpp"

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "sync/field_limits.hpp"

namespace wk::portal {

// [SECTION] kinds and EXIF
static bool is_jpeg(std::string_view b) { return b.size() > 3 && b.substr(0, 3) == "\xFF\xD8\xFF"; }
static bool is_png(std::string_view b) { return b.size() > 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n"; }

static unsigned byte_at(std::string_view b, size_t i) { return static_cast<unsigned char>(b[i]); }

// Reads the orientation tag (0x0112) of IFD0 in a TIFF block ("II" or "MM").
static int tiff_orientation(std::string_view t) {
    if (t.size() < 8) return 1;
    bool le = t.substr(0, 2) == "II";
    if (!le && t.substr(0, 2) != "MM") return 1;
    auto u16 = [&](size_t i) { return le ? byte_at(t, i) | byte_at(t, i + 1) << 8 : byte_at(t, i) << 8 | byte_at(t, i + 1); };
    auto u32 = [&](size_t i) { return le ? u16(i) | u16(i + 2) << 16 : u16(i) << 16 | u16(i + 2); };
    size_t ifd = u32(4);
    if (ifd + 2 > t.size()) return 1;
    size_t n = u16(ifd);
    for (size_t k = 0; k < n && ifd + 2 + k * 12 + 12 <= t.size(); ++k) {
        size_t e = ifd + 2 + k * 12;
        if (u16(e) != 0x0112) continue;
        unsigned v = u16(e + 8);
        return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
    }
    return 1;
}

int exif_orientation(std::string_view jpeg) {
    if (!is_jpeg(jpeg)) return 1;
    size_t at = 2;
    while (at + 4 <= jpeg.size() && byte_at(jpeg, at) == 0xFF) {
        unsigned marker = byte_at(jpeg, at + 1);
        if (marker == 0xDA || marker == 0xD9) break;  // image data: no more headers
        size_t len = byte_at(jpeg, at + 2) << 8 | byte_at(jpeg, at + 3);
        if (len < 2 || at + 2 + len > jpeg.size()) break;
        std::string_view body = jpeg.substr(at + 4, len - 2);
        if (marker == 0xE1 && body.size() > 6 && body.substr(0, 6) == std::string_view("Exif\0\0", 6))
            return tiff_orientation(body.substr(6));
        at += 2 + len;
    }
    return 1;
}

// Width and height from the file's own header (PNG IHDR, JPEG SOFn), before any
// decoder looks at it: stb refuses very large pictures only as "unreadable".
static bool header_size(std::string_view b, long long& w, long long& h) {
    auto be16 = [&](size_t i) { return static_cast<long long>(byte_at(b, i) << 8 | byte_at(b, i + 1)); };
    if (is_png(b)) {
        if (b.size() < 24 || b.substr(12, 4) != "IHDR") return false;
        w = be16(16) << 16 | be16(18), h = be16(20) << 16 | be16(22);
        return true;
    }
    size_t at = 2;
    while (at + 9 <= b.size() && byte_at(b, at) == 0xFF) {
        unsigned m = byte_at(b, at + 1);
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            h = be16(at + 5), w = be16(at + 7);
            return true;
        }
        if (m == 0xDA || m == 0xD9) return false;
        at += 2 + static_cast<size_t>(be16(at + 2));
    }
    return false;
}

static bool too_large(long long w, long long h) {
    return w > kMaxMediaSidePixels || h > kMaxMediaSidePixels || w * h > kMaxMediaPixels;
}

// [SECTION] pixels (RGB, 3 bytes a pixel)
using Pixels = std::vector<unsigned char>;

// Turns a picture stored in orientation `o` upright; swaps w and h for 5..8.
static Pixels upright(const Pixels& in, int& w, int& h, int o) {
    if (o == 1) return in;
    int ow = o >= 5 ? h : w, oh = o >= 5 ? w : h;
    Pixels out(in.size());
    for (int dy = 0; dy < oh; ++dy)
        for (int dx = 0; dx < ow; ++dx) {
            int sx = dx, sy = dy;
            switch (o) {
            case 2: sx = w - 1 - dx; break;
            case 3: sx = w - 1 - dx, sy = h - 1 - dy; break;
            case 4: sy = h - 1 - dy; break;
            case 5: sx = dy, sy = dx; break;
            case 6: sx = dy, sy = h - 1 - dx; break;
            case 7: sx = w - 1 - dy, sy = h - 1 - dx; break;
            case 8: sx = w - 1 - dy, sy = dx; break;
            }
            std::copy_n(&in[(static_cast<size_t>(sy) * w + sx) * 3], 3, &out[(static_cast<size_t>(dy) * ow + dx) * 3]);
        }
    w = ow, h = oh;
    return out;
}

static Pixels shrunk(const Pixels& in, int& w, int& h, int max_side) {
    int side = std::max(w, h);
    if (side <= max_side) return in;
    int nw = std::max(1, static_cast<int>(static_cast<long long>(w) * max_side / side));
    int nh = std::max(1, static_cast<int>(static_cast<long long>(h) * max_side / side));
    Pixels out(static_cast<size_t>(nw) * nh * 3);
    if (!stbir_resize_uint8(in.data(), w, h, 0, out.data(), nw, nh, 0, 3)) return in;
    w = nw, h = nh;
    return out;
}

static void append(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

// [SECTION] prepare
std::variant<Photo, PhotoRefusal> prepare_photo(std::string_view bytes, int max_side, size_t max_bytes) {
    using K = PhotoRefusal::Kind;
    if (bytes.empty()) return PhotoRefusal{K::empty, "the media file is empty"};
    if (bytes.size() > max_bytes)
        return PhotoRefusal{K::too_big, "the media file is larger than " + std::to_string(max_bytes >> 20) + " MiB"};
    if (!is_jpeg(bytes) && !is_png(bytes)) return PhotoRefusal{K::not_a_photo, "media must be a JPEG or PNG photo"};
    auto data = reinterpret_cast<const stbi_uc*>(bytes.data());
    int len = static_cast<int>(bytes.size()), w = 0, h = 0, channels = 0;
    long long hw = 0, hh = 0;
    if (header_size(bytes, hw, hh) && too_large(hw, hh))
        return PhotoRefusal{K::too_many_pixels, "the photo is too large (" + std::to_string(hw) + " x " + std::to_string(hh) +
                            " pixels; at most " + std::to_string(kMaxMediaSidePixels) + " on a side)"};
    if (!stbi_info_from_memory(data, len, &w, &h, &channels) || w <= 0 || h <= 0 || too_large(w, h))
        return PhotoRefusal{K::damaged, "the photo could not be read: it is damaged or cut off"};
    static std::mutex one_at_a_time;
    std::lock_guard lock(one_at_a_time);
    std::unique_ptr<stbi_uc, void (*)(void*)> decoded(stbi_load_from_memory(data, len, &w, &h, &channels, 3),
                                                      stbi_image_free);
    if (!decoded) return PhotoRefusal{K::damaged, "the photo could not be read: it is damaged or cut off"};
    Pixels pixels(decoded.get(), decoded.get() + static_cast<size_t>(w) * h * 3);
    decoded.reset();
    pixels = shrunk(pixels, w, h, max_side);
    pixels = upright(pixels, w, h, is_jpeg(bytes) ? exif_orientation(bytes) : 1);
    Photo p{{}, w, h};
    if (!stbi_write_jpg_to_func(append, &p.jpeg, w, h, 3, pixels.data(), 85) || p.jpeg.empty())
        return PhotoRefusal{K::not_stored, "the photo could not be stored"};
    return p;
}

}  // namespace wk::portal
