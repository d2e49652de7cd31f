// Chooses a transport by its spec; the file descriptor transport the real ones share.
#include "printer/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "base/device_error.hpp"
#include "base/posix_error.hpp"
#include "printer/transport_detail.hpp"

namespace printer {

TransportError open_error(const std::string& path, int err) {
    auto why = base::device_open_error(path, err, "is the printer plugged in and on?");
    using Kind = base::DeviceOpenError::Kind;
    const auto kind = why.kind == Kind::not_found    ? TransportError::Kind::not_found
                      : why.kind == Kind::permission ? TransportError::Kind::permission
                                                     : TransportError::Kind::io;
    return {kind, std::move(why.message)};
}

std::string bad_spec_message(std::string_view spec, std::string_view reason) {
    return "bad printer spec \"" + std::string(spec) + "\": " + std::string(reason);
}

std::expected<void, std::string> check_spec(std::string_view spec) {
    if (spec == "emulator") return {};
    const auto colon = spec.find(':');
    const std::string_view kind = spec.substr(0, colon);
    const std::string_view rest = colon == std::string_view::npos ? "" : spec.substr(colon + 1);
    if (kind == "emulator") return {};  // "emulator:" alone is the data folder's printed/
    if (!rest.empty()) {
        if (kind == "file" || kind == "usb") return {};
        if (kind == "tcp") {
            if (auto a = detail::parse_tcp(rest); !a) return std::unexpected(a.error());
            return {};
        }
        if (kind == "serial") {
            if (auto s = detail::parse_serial(rest); !s) return std::unexpected(s.error());
            return {};
        }
    }
    return std::unexpected(
        "expected \"emulator\", emulator:DIR, file:PATH, tcp:HOST:PORT, serial:DEVICE?baud=N or "
        "usb:DEVICE");
}

std::expected<std::unique_ptr<Transport>, TransportError> open_transport(const std::string& spec) {
    if (auto ok = check_spec(spec); !ok) {
        return std::unexpected(
            TransportError{TransportError::Kind::bad_spec, bad_spec_message(spec, ok.error())});
    }
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (kind == "file") return detail::open_file(rest);
    if (kind == "tcp") return detail::open_tcp(rest);
    if (kind == "serial") return detail::open_serial(rest);
    if (kind == "usb") return detail::open_usb(rest);
    return detail::open_emulator(rest);
}

namespace detail {

FdTransport::~FdTransport() {
    if (fd_ >= 0) ::close(fd_);
}

std::expected<void, TransportError> FdTransport::write(std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            const int err = errno;
            if (err == EINTR) continue;
            if (err == EAGAIN) {
                // The printer's buffer is full: wait for it to drain, but not forever.
                pollfd p{fd_, POLLOUT, 0};
                if (::poll(&p, 1, 10'000) <= 0) {
                    return std::unexpected(
                        TransportError{TransportError::Kind::timeout,
                                       name_ + ": the printer stopped taking data"});
                }
                continue;
            }
            const auto kind = (err == EPIPE || err == ECONNRESET || err == ENODEV || err == EIO)
                                  ? TransportError::Kind::disconnected
                                  : TransportError::Kind::io;
            return std::unexpected(TransportError{
                kind,
                base::errno_message(name_, err) + (kind == TransportError::Kind::disconnected
                                                       ? " (printer unplugged or switched off?)"
                                                       : "")});
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

std::expected<std::size_t, TransportError> FdTransport::read(std::span<std::uint8_t> buffer,
                                                             int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0)
        return std::unexpected(
            TransportError{TransportError::Kind::io, base::errno_message(name_, errno)});
    if (ready == 0) return std::size_t{0};
    const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n < 0) {
        const int err = errno;
        if (err == EAGAIN || err == EINTR) return std::size_t{0};
        return std::unexpected(
            TransportError{TransportError::Kind::disconnected, base::errno_message(name_, err)});
    }
    if (n == 0 && (p.revents & (POLLHUP | POLLERR))) {
        return std::unexpected(
            TransportError{TransportError::Kind::disconnected, name_ + ": the printer hung up"});
    }
    return static_cast<std::size_t>(n);
}

}  // namespace detail
}  // namespace printer
