// usb:/dev/usb/lpN — the USB printer class device. Many printers answer status over it.
#include <fcntl.h>

#include <cerrno>

#include "printer/transport_detail.hpp"

namespace printer::detail {

std::expected<std::unique_ptr<Transport>, TransportError> open_usb(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::unexpected(open_error(path, errno));
    return std::make_unique<FdTransport>(fd, "usb:" + path, true);
}

}  // namespace printer::detail
