// Serial lines in raw mode.
#include "base/serial_line.hpp"

#include <termios.h>

#include <cerrno>

#include "base/posix_error.hpp"

namespace base {
namespace {

speed_t speed_of(int baud) {
    switch (baud) {
        case 9600:
            return B9600;
        case 19200:
            return B19200;
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        case 230400:
            return B230400;
        default:
            return B0;
    }
}

}  // namespace

bool is_supported_baud(int baud) {
    return speed_of(baud) != B0;
}

std::expected<void, std::string> set_raw_mode(int fd, std::string_view device,
                                              const SerialSettings& settings) {
    if (settings.baud != 0 && !is_supported_baud(settings.baud)) {
        return std::unexpected(std::string(device) + ": baud must be " +
                               std::string(kSupportedBauds) + ", not " +
                               std::to_string(settings.baud));
    }
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) {
        const int err = errno;
        return std::unexpected(std::string(device) + ": not a serial line (" + errno_text(err) +
                               ")");
    }
    ::cfmakeraw(&tio);
    if (settings.baud != 0) {
        ::cfsetispeed(&tio, speed_of(settings.baud));
        ::cfsetospeed(&tio, speed_of(settings.baud));
    }
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CRTSCTS);
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF);
    if (settings.flow == FlowControl::rtscts) tio.c_cflag |= CRTSCTS;
    if (settings.flow == FlowControl::xonxoff) tio.c_iflag |= IXON | IXOFF;
    if (::tcsetattr(fd, TCSANOW, &tio) != 0) return std::unexpected(errno_message(device, errno));
    if (settings.discard_input) ::tcflush(fd, TCIFLUSH);
    return {};
}

}  // namespace base
