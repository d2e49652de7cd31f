// Answers written whole or dropped.
#include "base/line_write.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace base {

LineWrite write_or_drop(int fd, std::span<const std::uint8_t> bytes, bool socket) {
    while (!bytes.empty()) {
        const ssize_t n = socket
                              ? ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT)
                              : ::write(fd, bytes.data(), bytes.size());
        const int err = n < 0 ? errno : 0;
        if (err == EINTR) continue;
        if (err == EAGAIN || err == EWOULDBLOCK) return LineWrite::dropped;
        if (n <= 0) return LineWrite::gone;
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return LineWrite::written;
}

}  // namespace base
