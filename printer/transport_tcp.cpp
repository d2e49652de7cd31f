// tcp:HOST:PORT — a network printer's raw port (9100), which answers status requests too.
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>

#include "base/posix_error.hpp"
#include "printer/transport_detail.hpp"

namespace printer::detail {

std::expected<TcpAddress, std::string> parse_tcp(std::string_view host_port) {
    const auto colon = host_port.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::unexpected("expected tcp:HOST:PORT");
    }
    std::string_view host = host_port.substr(0, colon);
    const std::string_view port = host_port.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    // Digits only: getaddrinfo would take a service name, and 99999 as 99999 mod 65536.
    int number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || number < 1 ||
        number > 65535 || !std::isdigit(static_cast<unsigned char>(port.front()))) {
        return std::unexpected("expected a port from 1 to 65535");
    }
    return TcpAddress{std::string(host), std::string(port)};
}

std::expected<std::unique_ptr<Transport>, TransportError> open_tcp(const std::string& host_port) {
    const auto address = parse_tcp(host_port);
    if (!address) {
        return std::unexpected(TransportError{
            TransportError::Kind::bad_spec, bad_spec_message("tcp:" + host_port, address.error())});
    }
    const std::string& host = address->host;
    const std::string& port = address->port;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
        return std::unexpected(TransportError{TransportError::Kind::not_found,
                                              "tcp:" + host_port + ": " + ::gai_strerror(rc)});
    }
    std::string last_error = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd =
            ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        // Connect with a time limit: a printer that is off must not hang the print thread.
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            rc = ::poll(&p, 1, 3000) == 1 ? 0 : -1;
            int err = 0;
            socklen_t len = sizeof err;
            if (rc == 0 && (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)) {
                errno = err;
                rc = -1;
            } else if (rc != 0) {
                errno = ETIMEDOUT;
            }
        }
        if (rc == 0) {
            ::freeaddrinfo(found);
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return std::make_unique<FdTransport>(fd, "tcp:" + host_port, true);
        }
        last_error = base::errno_text(errno);
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return std::unexpected(TransportError{
        TransportError::Kind::not_found,
        "tcp:" + host_port + ": " + last_error + " (is the printer on the network?)"});
}

}  // namespace printer::detail
