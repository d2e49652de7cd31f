// Waking a worker out of poll().
#include "base/wake_pipe.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "base/posix_error.hpp"

namespace base {

std::expected<WakePipe, std::string> WakePipe::open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        return std::unexpected(errno_message("pipe", errno));
    }
    WakePipe pipe;
    pipe.read_fd_ = fds[0];
    pipe.write_fd_ = fds[1];
    return pipe;
}

WakePipe::WakePipe(WakePipe&& other) noexcept
    : read_fd_(std::exchange(other.read_fd_, -1)), write_fd_(std::exchange(other.write_fd_, -1)) {}

WakePipe& WakePipe::operator=(WakePipe&& other) noexcept {
    if (this != &other) {
        close();
        read_fd_ = std::exchange(other.read_fd_, -1);
        write_fd_ = std::exchange(other.write_fd_, -1);
    }
    return *this;
}

WakePipe::~WakePipe() {
    close();
}

void WakePipe::wake() const {
    if (write_fd_ < 0) return;
    const char byte = 1;
    // A full pipe (EAGAIN) is awake already.
    while (::write(write_fd_, &byte, 1) < 0 && errno == EINTR) {
    }
}

std::expected<WakePipe::Waited, std::string> WakePipe::wait(int fd, int timeout_ms) const {
    pollfd fds[2] = {{read_fd_, POLLIN, 0}, {fd, POLLIN, 0}};
    for (;;) {
        const int ready = ::poll(fds, 2, timeout_ms);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return std::unexpected(errno_message("poll", errno));
        if (fds[0].revents != 0) return Waited::woken;
        return ready == 0 ? Waited::timeout : Waited::readable;
    }
}

void WakePipe::close() {
    for (int* fd : {&read_fd_, &write_fd_}) {
        if (*fd >= 0) ::close(*fd);
        *fd = -1;
    }
}

}  // namespace base
