// QR codes via libqrencode.
#include "printer/qr_code.hpp"

#include <qrencode.h>

#include <cerrno>

#include "base/posix_error.hpp"

namespace printer {

std::expected<QrCode, std::string> encode_qr(std::string_view text, QrOptions options) {
    if (text.empty()) return std::unexpected("nothing to encode");
    QRecLevel level = QR_ECLEVEL_M;
    switch (options.level) {
        case QrErrorLevel::low:
            level = QR_ECLEVEL_L;
            break;
        case QrErrorLevel::medium:
            level = QR_ECLEVEL_M;
            break;
        case QrErrorLevel::quartile:
            level = QR_ECLEVEL_Q;
            break;
        case QrErrorLevel::high:
            level = QR_ECLEVEL_H;
            break;
    }
    // 8-bit mode keeps UTF-8 bytes as they are; version 0 lets the library pick the smallest.
    QRcode* qr = QRcode_encodeData(static_cast<int>(text.size()),
                                   reinterpret_cast<const unsigned char*>(text.data()), 0, level);
    if (!qr) return std::unexpected(base::errno_message("cannot encode as QR", errno));
    QrCode code;
    code.size = qr->width;
    code.modules.resize(static_cast<std::size_t>(qr->width) * static_cast<std::size_t>(qr->width));
    for (std::size_t i = 0; i < code.modules.size(); ++i) code.modules[i] = qr->data[i] & 1;
    QRcode_free(qr);
    return code;
}

}  // namespace printer
