// The emulator server: one worker thread polls the listening socket or the client (or the pty
// master) and a wake-up pipe, feeds what arrives to the emulator and writes the answers back.
#include "printer/emulator/emulator_server.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "base/line_write.hpp"
#include "base/log.hpp"
#include "base/posix_error.hpp"

namespace printer::emulator {
namespace {

constexpr std::string_view kLog = "emulator";

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
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
            last_error = base::errno_message("socket", errno);
            continue;
        }
        // A restarted emulator must get its port back at once, not after TIME_WAIT.
        const int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 4) != 0) {
            const int err = errno;
            last_error = base::errno_message("cannot listen on " + host + ":" + service, err);
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
        return std::unexpected(base::errno_message("getsockname", errno));
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
    auto pty = base::Pty::open_raw();
    if (!pty) return std::unexpected(pty.error());
    server->pty_ = std::move(*pty);

    if (auto started = server->start(); !started) return std::unexpected(started.error());
    return server;
}

std::expected<void, std::string> EmulatorServer::start() {
    auto wake = base::WakePipe::open();
    if (!wake) return std::unexpected(wake.error());
    wake_ = std::move(*wake);
    worker_ = std::thread([this] { run(); });
    return {};
}

EmulatorServer::~EmulatorServer() {
    if (worker_.joinable()) {
        wake_.wake();
        worker_.join();
    }
    for (int* fd : {&client_fd_, &listen_fd_}) close_fd(*fd);
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
        const int data_fd = !tcp ? pty_.master_fd() : client_fd_ >= 0 ? client_fd_ : listen_fd_;
        const auto waited = wake_.wait(data_fd);
        if (!waited) {
            base::log::error(kLog, "the emulator stops: ", waited.error());
            return;
        }
        if (*waited == base::WakePipe::Waited::woken) return;  // the destructor asks us to stop
        if (data_fd == listen_fd_) {
            // One connection at a time, as a printer: the next one waits in the backlog.
            client_fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client_fd_ < 0 && errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
                base::log::warn(kLog, base::errno_message("accept", errno));
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
        base::log::error(kLog, base::errno_message("the pty failed, the emulator stops", errno));
        return false;
    }
    std::vector<std::uint8_t> answers;
    {
        std::lock_guard lock(mutex_);
        answers = emulator_.feed(std::span(buffer, static_cast<std::size_t>(n)));
        write_new_sheets();
    }
    changed_.notify_all();
    if (answers.empty()) return true;
    // Answers nobody reads are dropped rather than stalling the printer; one log line a stall.
    const base::LineWrite written = base::write_or_drop(fd, answers, socket);
    if (written == base::LineWrite::dropped && !dropping_answers_) {
        base::log::warn(kLog, "status answers are not read; dropping them");
    }
    dropping_answers_ = written == base::LineWrite::dropped;
    if (written == base::LineWrite::gone && socket) close_fd(client_fd_);
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
