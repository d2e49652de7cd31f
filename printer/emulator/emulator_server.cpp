// The emulator server: one worker thread polls the listening socket or the client (or the pty
// master) and a wake-up pipe, feeds what arrives to the emulator and writes the answers back.
#include "printer/emulator/emulator_server.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "base/log.hpp"

namespace printer::emulator {
namespace {

constexpr std::string_view kLog = "emulator";

std::string errno_text(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// Writes the status answers; false when the other end has gone. Answers nobody reads are
// dropped once the buffers are full, as on a real line, rather than stalling the printer;
// `dropping` keeps that to one log line per stall.
bool write_answers(int fd, std::span<const std::uint8_t> bytes, bool socket, bool& dropping) {
    while (!bytes.empty()) {
        // MSG_NOSIGNAL: a client that hung up must not kill the process with SIGPIPE.
        const ssize_t n = socket
                              ? ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT)
                              : ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!dropping) base::log::warn(kLog, "status answers are not read; dropping them");
            dropping = true;
            return true;
        }
        if (n <= 0) return false;
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    dropping = false;
    return true;
}

}  // namespace

EmulatorServer::EmulatorServer(EmulatorOptions options, std::string png_dir)
    : options_(options), png_dir_(std::move(png_dir)), emulator_(std::move(options)) {}

std::expected<std::unique_ptr<EmulatorServer>, std::string> EmulatorServer::listen_tcp(
    const std::string& host, int port, EmulatorOptions options, std::string png_dir) {
    if (port < 0 || port > 65535)
        return std::unexpected("port out of range: " + std::to_string(port));
    std::unique_ptr<EmulatorServer> server(
        new EmulatorServer(std::move(options), std::move(png_dir)));

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc =
            ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
        rc != 0) {
        return std::unexpected("cannot resolve " + host + ": " + ::gai_strerror(rc));
    }
    std::string last_error = "no address for " + host;
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            last_error = errno_text("socket");
            continue;
        }
        // A restarted emulator must get its port back at once, not after TIME_WAIT.
        const int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 4) != 0) {
            last_error = errno_text("cannot listen on " + host + ":" + service);
            ::close(fd);
            continue;
        }
        server->listen_fd_ = fd;
        break;
    }
    ::freeaddrinfo(found);
    if (server->listen_fd_ < 0) return std::unexpected(last_error);

    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    if (::getsockname(server->listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
        return std::unexpected(errno_text("getsockname"));
    }
    char port_text[NI_MAXSERV] = {};
    if (::getnameinfo(reinterpret_cast<sockaddr*>(&bound), length, nullptr, 0, port_text,
                      sizeof port_text, NI_NUMERICSERV) != 0) {
        return std::unexpected("cannot read the bound port");
    }
    server->port_ = std::atoi(port_text);

    if (auto started = server->start(); !started) return std::unexpected(started.error());
    return server;
}

std::expected<std::unique_ptr<EmulatorServer>, std::string> EmulatorServer::open_pty(
    EmulatorOptions options, std::string png_dir) {
    std::unique_ptr<EmulatorServer> server(
        new EmulatorServer(std::move(options), std::move(png_dir)));
    server->pty_master_fd_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (server->pty_master_fd_ < 0) return std::unexpected(errno_text("posix_openpt"));
    // Non-blocking, so answers nobody reads cannot stall the worker (see write_answers).
    if (::fcntl(server->pty_master_fd_, F_SETFL, O_NONBLOCK) != 0) {
        return std::unexpected(errno_text("fcntl"));
    }
    if (::grantpt(server->pty_master_fd_) != 0 || ::unlockpt(server->pty_master_fd_) != 0) {
        return std::unexpected(errno_text("cannot unlock the pty"));
    }
    char name[128] = {};
    if (::ptsname_r(server->pty_master_fd_, name, sizeof name) != 0) {
        return std::unexpected(errno_text("ptsname"));
    }
    server->pty_path_ = name;
    // Holding the slave open keeps the master from reporting a hang-up (and poll() from
    // spinning) between clients. Raw mode: a serial line carries bytes, not lines; without it
    // the tty would turn LF into CR LF and echo the status answers back as commands.
    server->pty_slave_fd_ = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (server->pty_slave_fd_ < 0)
        return std::unexpected(errno_text("cannot open " + server->pty_path_));
    termios tio{};
    if (::tcgetattr(server->pty_slave_fd_, &tio) != 0)
        return std::unexpected(errno_text("tcgetattr"));
    ::cfmakeraw(&tio);
    if (::tcsetattr(server->pty_slave_fd_, TCSANOW, &tio) != 0) {
        return std::unexpected(errno_text("tcsetattr"));
    }

    if (auto started = server->start(); !started) return std::unexpected(started.error());
    return server;
}

std::expected<void, std::string> EmulatorServer::start() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return std::unexpected(errno_text("pipe"));
    wake_read_fd_ = fds[0];
    wake_write_fd_ = fds[1];
    worker_ = std::thread([this] { run(); });
    return {};
}

EmulatorServer::~EmulatorServer() {
    if (worker_.joinable()) {
        const std::uint8_t stop = 1;
        while (::write(wake_write_fd_, &stop, 1) < 0 && errno == EINTR) {
        }
        worker_.join();
    }
    for (int* fd : {&client_fd_, &listen_fd_, &pty_master_fd_, &pty_slave_fd_, &wake_read_fd_,
                    &wake_write_fd_}) {
        close_fd(*fd);
    }
}

std::string EmulatorServer::sheet_name(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "sheet-%04zu", index + 1);
    return name;
}

std::string EmulatorServer::sheet_png_path(std::size_t index) const {
    return png_dir_.empty() ? std::string() : png_dir_ + "/" + sheet_name(index) + ".png";
}

bool EmulatorServer::wait_for_sheets(std::size_t n, int timeout_ms) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                             [&] { return emulator_.sheets().size() >= n; });
}

bool EmulatorServer::wait_for_bytes(std::size_t total_bytes, int timeout_ms) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                             [&] { return emulator_.bytes_received() >= total_bytes; });
}

void EmulatorServer::run() {
    for (;;) {
        const bool tcp = listen_fd_ >= 0;
        const int data_fd = !tcp ? pty_master_fd_ : client_fd_ >= 0 ? client_fd_ : listen_fd_;
        pollfd fds[2] = {{wake_read_fd_, POLLIN, 0}, {data_fd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            base::log::error(kLog, errno_text("poll failed, the emulator stops"));
            return;
        }
        if (fds[0].revents != 0) return;  // the destructor asks us to stop
        if (fds[1].revents == 0) continue;
        if (data_fd == listen_fd_) {
            // One connection at a time, as a printer: the next one waits in the backlog.
            client_fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client_fd_ < 0 && errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
                base::log::warn(kLog, errno_text("accept"));
            }
            continue;
        }
        if (!serve_bytes(data_fd)) return;
    }
}

bool EmulatorServer::serve_bytes(int fd) {
    const bool socket = fd == client_fd_;
    std::uint8_t buffer[16 * 1024];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) {
        if (socket) {  // unplugged mid-job or done: what arrived stays, the next client may come
            close_fd(client_fd_);
            return true;
        }
        base::log::error(kLog, errno_text("the pty failed, the emulator stops"));
        return false;
    }
    std::vector<std::uint8_t> answers;
    {
        std::lock_guard lock(mutex_);
        answers = emulator_.feed(std::span(buffer, static_cast<std::size_t>(n)));
        write_new_sheets();
    }
    changed_.notify_all();
    if (!answers.empty() && !write_answers(fd, answers, socket, dropping_answers_) && socket)
        close_fd(client_fd_);
    return true;
}

void EmulatorServer::write_new_sheets() {
    const auto& sheets = emulator_.sheets();
    for (; sheets_written_ < sheets.size(); ++sheets_written_) {
        const Bitmap& sheet = sheets[sheets_written_];
        const std::string path = sheet_png_path(sheets_written_);
        if (!path.empty() && !write_png(path.c_str(), sheet)) {
            base::log::warn(kLog, "cannot write ", path);
        }
        if (announce_) {
            const double mm = sheet.height() * 25.4 / options_.dpi;
            const std::string name = sheet_name(sheets_written_) + (path.empty() ? "" : ".png");
            std::printf("printed %s (%d x %d dots, %.1f mm)\n", name.c_str(), sheet.width(),
                        sheet.height(), mm);
            std::fflush(stdout);
        }
    }
}

}  // namespace printer::emulator
