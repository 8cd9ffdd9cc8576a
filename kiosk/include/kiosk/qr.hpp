// QR codes for receipts via libqrencode: a plain module matrix the screen and the
// printer both draw. Error correction M (recovers ~15 % damage on a worn receipt).
#pragma once
#include <string>
#include <vector>

namespace wk {

struct QrMatrix {
    int size = 0;                 // modules per side; 0 when encoding failed
    std::vector<bool> dark;       // row-major, size * size
    bool at(int x, int y) const { return dark[static_cast<size_t>(y * size + x)]; }
};

QrMatrix make_qr(const std::string& text);

}  // namespace wk
