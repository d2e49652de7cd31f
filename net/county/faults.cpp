// Injected faults, and the trick that loses an answer under httplib.
#include "net/county/faults.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include <httplib.h>

namespace county {
namespace {

// The port of a socket address, or -1.
int port_of(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    }
    return -1;
}

std::string host_of(const sockaddr_storage& address, socklen_t length) {
    char host[NI_MAXHOST];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, nullptr,
                    0, NI_NUMERICHOST) != 0) {
        return {};
    }
    return host;
}

// The connection among the process's open descriptors by the two ends the request names (a TCP
// connection is unique by them, and a test's own client sockets have the ends the other way
// round).
std::optional<int> connection_socket(const httplib::Request& req, int server_port) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        sockaddr_storage local{}, peer{};
        socklen_t local_length = sizeof local, peer_length = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0) continue;
        if (port_of(local) != server_port) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) continue;
        if (port_of(peer) == req.remote_port && host_of(peer, peer_length) == req.remote_addr) {
            return fd;
        }
    }
    return std::nullopt;
}

}  // namespace

FaultInjector::FaultInjector(const FaultSettings& settings)
    : settings_(settings), rng_(settings.seed) {}

Fault FaultInjector::next() {
    if (settings_.delay_ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(settings_.delay_ms));
    }
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::lock_guard lock(mutex_);
    const double drop = uniform(rng_), fail = uniform(rng_), after = uniform(rng_);
    if (drop < settings_.drop_rate) return after < 0.5 ? Fault::drop_before : Fault::drop_after;
    if (fail < settings_.fail_rate) return Fault::fail;
    return Fault::none;
}

bool drop_connection(const httplib::Request& req, int server_port) {
    const auto fd = connection_socket(req, server_port);
    if (!fd) return false;
    ::shutdown(*fd, SHUT_RDWR);
    return true;
}

}  // namespace county
