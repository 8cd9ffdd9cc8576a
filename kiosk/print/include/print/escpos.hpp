// ESC/POS for the ward office's thermal printer: a receipt bitmap as raster bands
// (GS v 0), and a strict decoder of the same small command subset, used by tests and
// by the on-screen preview when a "file:" printer holds what would have been printed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "print/bitmap.hpp"

namespace wk::print {

constexpr int kMaxBandRows = 255;   // rows per GS v 0 command: some printers take at most 255 (yH = 0)
constexpr int kFeedLinesBeforeCut = 4;

// ESC @, then the image as GS v 0 bands of at most kMaxBandRows rows (MSB = leftmost
// dot, 1 = black; a width that is not a multiple of 8 is padded white), then, when
// `cut`, GS V 66 0, which feeds the last line past the cutter itself and cuts (a feed
// before it would waste about 15 mm a receipt); without a cut, ESC d
// kFeedLinesBeforeCut, so the paper can be torn off below the print.
std::vector<uint8_t> encode_escpos(const Bitmap& image, bool cut);

// What brings back to a known state a printer that took only the first `sent` bytes
// of `job` (an encode_escpos stream): the rest of the command it stopped in, raster
// data sent white (0x00) so the band ends without printing anything more; then, when
// part of the receipt is on paper and its own cut was not under way, GS V 66 0 so
// that stub is cut off alone (it is someone else's: it must not come out on top of
// the next citizen's receipt); then ESC @. Empty when `sent` is 0 or the whole job.
// Sent before the next job, so a jam in the middle of a band cannot make the printer
// read the next receipt as raster data.
std::vector<uint8_t> resync_after(const std::vector<uint8_t>& job, size_t sent);

struct DecodedEscpos {
    std::optional<Bitmap> image;  // nullopt when the stream holds anything not understood
    std::string error;            // why, with the byte offset
    int feed_lines = 0;           // total of ESC d; feeds between bands are drawn as white rows
    int cuts = 0;                 // GS V commands seen
};

// Understands ESC @, GS v 0 (mode 0 only), ESC d n and GS V (m 0/1/48/49, or 65/66
// with n). Rejects every other byte, a truncated command and an empty raster. Bands
// of different widths are left-aligned on the widest.
DecodedEscpos decode_escpos(const std::vector<uint8_t>& bytes);

}  // namespace wk::print
