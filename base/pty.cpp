// Raw pseudo-terminals for the emulators.
#include "base/pty.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <utility>

#include "base/posix_error.hpp"
#include "base/serial_line.hpp"

namespace base {

std::expected<Pty, std::string> Pty::open_raw() {
    Pty pty;  // closes whatever is open on an early return
    pty.master_fd_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (pty.master_fd_ < 0) return std::unexpected(errno_message("posix_openpt", errno));
    if (::fcntl(pty.master_fd_, F_SETFL, O_NONBLOCK) != 0) {
        return std::unexpected(errno_message("fcntl", errno));
    }
    if (::grantpt(pty.master_fd_) != 0 || ::unlockpt(pty.master_fd_) != 0) {
        return std::unexpected(errno_message("cannot unlock the pty", errno));
    }
    char name[128] = {};
    if (const int err = ::ptsname_r(pty.master_fd_, name, sizeof name); err != 0) {
        return std::unexpected(errno_message("ptsname", err));
    }
    pty.slave_path_ = name;
    pty.slave_fd_ = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (pty.slave_fd_ < 0) {
        return std::unexpected(errno_message("cannot open " + pty.slave_path_, errno));
    }
    if (auto raw = set_raw_mode(pty.slave_fd_, pty.slave_path_); !raw) {
        return std::unexpected(raw.error());
    }
    return pty;
}

Pty::Pty(Pty&& other) noexcept
    : master_fd_(std::exchange(other.master_fd_, -1)),
      slave_fd_(std::exchange(other.slave_fd_, -1)),
      slave_path_(std::move(other.slave_path_)) {}

Pty& Pty::operator=(Pty&& other) noexcept {
    if (this != &other) {
        close();
        master_fd_ = std::exchange(other.master_fd_, -1);
        slave_fd_ = std::exchange(other.slave_fd_, -1);
        slave_path_ = std::move(other.slave_path_);
    }
    return *this;
}

Pty::~Pty() {
    close();
}

void Pty::close() {
    for (int* fd : {&master_fd_, &slave_fd_}) {
        if (*fd >= 0) ::close(*fd);
        *fd = -1;
    }
}

}  // namespace base
