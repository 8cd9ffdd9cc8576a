// libqrencode owner: the QRcode* lives only inside make_qr.
#include "kiosk/qr.hpp"

#include <memory>
#include <qrencode.h>

namespace wk {

QrMatrix make_qr(const std::string& text) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
        QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    QrMatrix m;
    if (!qr) return m;
    m.size = qr->width;
    m.dark.resize(static_cast<size_t>(m.size * m.size));
    for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (qr->data[i] & 1) != 0;
    return m;
}

}  // namespace wk
