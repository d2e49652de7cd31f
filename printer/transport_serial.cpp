// serial:DEVICE?baud=N&flow=rtscts|xonxoff|none — a printer on an RS-232 or USB-serial line.
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "printer/transport_detail.hpp"

namespace printer::detail {
namespace {

speed_t baud_constant(int baud) {
    switch (baud) {
        case 9600: return B9600;
        case 19200: return B19200;
        case 38400: return B38400;
        case 57600: return B57600;
        case 115200: return B115200;
        case 230400: return B230400;
        default: return 0;
    }
}

}  // namespace

std::expected<std::unique_ptr<Transport>, TransportError> open_serial(const std::string& spec) {
    const auto q = spec.find('?');
    const std::string path = spec.substr(0, q);
    int baud = 115200;
    std::string flow = "none";
    if (q != std::string::npos) {
        std::string query = spec.substr(q + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string kv = query.substr(0, amp);
            query = amp == std::string::npos ? "" : query.substr(amp + 1);
            const auto eq = kv.find('=');
            const std::string key = kv.substr(0, eq), value = eq == std::string::npos ? "" : kv.substr(eq + 1);
            if (key == "baud") {
                const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), baud);
                if (ec != std::errc{} || p != value.data() + value.size() || baud_constant(baud) == 0) {
                    return std::unexpected(TransportError{TransportError::Kind::bad_spec,
                                                          "serial:" + spec + ": baud must be 9600, 19200, 38400, "
                                                                             "57600, 115200 or 230400"});
                }
            } else if (key == "flow" && (value == "rtscts" || value == "xonxoff" || value == "none")) {
                flow = value;
            } else {
                return std::unexpected(TransportError{TransportError::Kind::bad_spec,
                                                      "serial:" + spec + ": unknown option \"" + kv +
                                                          "\" (baud=N, flow=rtscts|xonxoff|none)"});
            }
        }
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::unexpected(open_error(path, errno));
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) {
        const int err = errno;
        ::close(fd);
        return std::unexpected(TransportError{TransportError::Kind::io, path + ": not a serial line (" + std::strerror(err) + ")"});
    }
    ::cfmakeraw(&tio);
    ::cfsetispeed(&tio, baud_constant(baud));
    ::cfsetospeed(&tio, baud_constant(baud));
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CRTSCTS);
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF);
    if (flow == "rtscts") tio.c_cflag |= CRTSCTS;
    if (flow == "xonxoff") tio.c_iflag |= IXON | IXOFF;
    if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
        const int err = errno;
        ::close(fd);
        return std::unexpected(TransportError{TransportError::Kind::io, path + ": " + std::strerror(err)});
    }
    // An answer left from an earlier session would be read as the answer to our first question.
    ::tcflush(fd, TCIFLUSH);
    return std::make_unique<FdTransport>(fd, "serial:" + path, true);
}

}  // namespace printer::detail
