// libqrencode owner for the printer: the QRcode* lives only inside make_qr.
#include "print/qr.hpp"

#include <memory>
#include <qrencode.h>

namespace wk::print {

QrModules make_qr(const std::string& text) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
        QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
    QrModules m;
    if (!qr) return m;
    m.size = qr->width;
    m.dark.resize(static_cast<size_t>(m.size) * static_cast<size_t>(m.size));
    for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = qr->data[i] & 1;
    return m;
}

}  // namespace wk::print
