// The receipt's QR code: libqrencode's module matrix, error correction level M
// (recovers ~15 % damage on a worn or creased receipt). wk_print's own copy, so the
// printing library does not depend on the kiosk's screens.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wk::print {

struct QrModules {
    int size = 0;               // modules per side, without quiet zone; 0 when encoding failed
    std::vector<uint8_t> dark;  // row-major, size * size, 1 = dark
    bool at(int x, int y) const { return dark[static_cast<size_t>(y * size + x)] != 0; }
};

// Encodes `text` as 8-bit data at the smallest version that holds it.
QrModules make_qr(const std::string& text);

}  // namespace wk::print
