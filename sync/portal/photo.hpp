// Photos that clients send with a report (the media part of a multipart POST /requests):
// checked, turned upright and re-encoded before anything is stored, so that what the
// portal keeps and serves is a plain JPEG it wrote itself: at most `max_side` pixels on
// the long side, EXIF orientation applied, and no metadata at all (no location,
// device or time). Pure: bytes in, bytes or a refusal out; no HTTP, no database.
// Decoding is stb_image (Debian's libstb); the size guard reads only the header first.
#pragma once
#include <string>
#include <string_view>
#include <variant>

#include "sync/field_limits.hpp"

namespace wk::portal {

struct Photo {
    std::string jpeg;  // what the portal stores and serves
    int width = 0, height = 0;
};

// A refusal a client can act on ("media must be a JPEG or PNG photo").
struct PhotoRefusal {
    enum class Kind { empty, too_big, not_a_photo, too_many_pixels, damaged, not_stored };
    Kind kind = Kind::damaged;
    std::string why;
};

// The EXIF orientation (1..8) of a JPEG's APP1 segment; 1 when it has none.
int exif_orientation(std::string_view jpeg);

// `bytes` as the client sent them. One photo is decoded at a time, whatever the number
// of connections: a 50-megapixel photo takes 150 MB while it is worked on.
// `max_bytes`: kMaxMediaBytes for a report's media part, kMaxPhonePhotoBytes from a phone.
std::variant<Photo, PhotoRefusal> prepare_photo(std::string_view bytes, int max_side = 1600,
                                                size_t max_bytes = kMaxMediaBytes);

}  // namespace wk::portal
