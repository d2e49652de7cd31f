// A throwaway nginx (Debian's /usr/sbin/nginx) on 127.0.0.1 serving a folder, as a county's web
// server or CDN serves the content files: ETag and 304, byte ranges, real HTTP framing. Its
// config, pid file, logs and temp folders live in a folder of its own, removed afterwards; it
// touches nothing under /etc, /var or /run. Its access log says what each request was answered
// with and how many bytes went out, so a test can prove what was (not) downloaded.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace test {

// One line of the access log: one request and what nginx answered.
struct NginxRequest {
    int status = 0;
    std::uint64_t body_bytes = 0;      // $body_bytes_sent: the answer's body
    std::uint64_t bytes_sent = 0;      // $bytes_sent: the answer, head and body
    std::uint64_t request_length = 0;  // $request_length: the request, line and headers
    std::string method;
    std::string uri;    // as requested, query included
    std::string range;  // the Range header, "" when none
};

class NginxServer {
  public:
    static constexpr const char* kBinary = "/usr/sbin/nginx";
    // How long start-up and a log line may take at most: only so that a broken nginx fails the
    // test instead of hanging it. Nothing waits this long when things work.
    static constexpr std::chrono::seconds kPatience{10};

    // Starts nginx serving `root` (its files by their paths: root/a/b is GET /a/b) on a free
    // port of 127.0.0.1, and returns once it listens. Why it could not, otherwise: nginx's own
    // words from its error log. `server_config`: directives added to its server block, say
    // "location /plain/ { max_ranges 0; }" for a part that ignores Range.
    static std::expected<NginxServer, std::string> start(const std::filesystem::path& root,
                                                         const std::string& server_config = "") {
        if (::access(kBinary, X_OK) != 0) {
            return std::unexpected(std::string(kBinary) +
                                   " is missing: install the nginx package "
                                   "(image/install-build-deps.sh)");
        }
        std::unique_ptr<State> s(new State);
        // A port picked free may be taken by someone else before nginx binds it; nginx then
        // says so in its log and exits, and another port is tried.
        std::string last_error;
        for (int attempt = 0; attempt < 5; ++attempt) {
            const int port = free_port();
            if (port <= 0) return std::unexpected(std::string("no free port on 127.0.0.1"));
            auto started = s->launch(std::filesystem::absolute(root), port, server_config);
            if (started) return NginxServer(std::move(s));
            last_error = started.error();
            if (last_error.find("Address already in use") == std::string::npos) break;
        }
        return std::unexpected("nginx did not start: " + last_error);
    }

    NginxServer(NginxServer&&) noexcept = default;
    NginxServer& operator=(NginxServer&&) noexcept = default;
    ~NginxServer() = default;

    int port() const { return state_->port; }
    // "http://127.0.0.1:PORT" (no trailing slash): append "/path".
    std::string url() const { return "http://127.0.0.1:" + std::to_string(state_->port); }
    // The folder of its config, logs and pid file.
    const std::filesystem::path& folder() const { return state_->dir.path; }
    std::string error_log() const { return read_file(state_->dir.path / "error.log"); }

    // Every request so far, in the order nginx answered them (one worker: one order).
    std::vector<NginxRequest> requests() const {
        std::vector<NginxRequest> out;
        std::istringstream in(read_file(state_->dir.path / "access.log"));
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            NginxRequest r;
            fields >> r.status >> r.body_bytes >> r.bytes_sent >> r.request_length >> r.method >>
                r.uri;
            std::getline(fields >> std::ws, r.range);
            if (r.range == "-") r.range.clear();
            out.push_back(std::move(r));
        }
        return out;
    }

    // The requests once there are at least `count`. nginx logs a request just after the last
    // byte of its answer has gone out, so the line may trail the client by a moment: this
    // waits for the log file to change (inotify), and gives up after kPatience.
    std::vector<NginxRequest> requests_when(std::size_t count) const {
        const auto log = state_->dir.path / "access.log";
        FileWatch watch(state_->dir.path);
        const auto deadline = std::chrono::steady_clock::now() + kPatience;
        for (;;) {
            auto seen = requests();
            if (seen.size() >= count || !watch.wait_until(deadline)) return seen;
        }
    }

  private:
    // Changes to the files of a folder, as a file descriptor to wait on.
    class FileWatch {
      public:
        explicit FileWatch(const std::filesystem::path& dir)
            : fd_(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
            if (fd_ >= 0) {
                ::inotify_add_watch(fd_, dir.c_str(),
                                    IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO);
            }
        }
        ~FileWatch() {
            if (fd_ >= 0) ::close(fd_);
        }
        FileWatch(const FileWatch&) = delete;
        FileWatch& operator=(const FileWatch&) = delete;

        // Waits for a change (or `step` at most, for what the caller checks besides files);
        // false once `deadline` has passed.
        bool wait_until(std::chrono::steady_clock::time_point deadline,
                        std::chrono::milliseconds step = std::chrono::milliseconds(1000)) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) return false;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(std::min(left, step).count()) + 1) == 1) {
                char events[4096];
                while (::read(fd_, events, sizeof events) > 0) {
                }
            }
            return true;
        }

      private:
        int fd_ = -1;
    };

    struct State {
        TempDir dir{"nginx"};
        pid_t pid = -1;
        int port = 0;

        State() = default;
        State(const State&) = delete;
        State& operator=(const State&) = delete;
        ~State() { stop(); }

        // SIGTERM, then SIGKILL should it not go within kPatience.
        void stop() { stop_server(pid, kPatience); }

        std::expected<void, std::string> launch(const std::filesystem::path& root, int p,
                                                const std::string& server_config) {
            port = p;
            const auto& d = dir.path;
            std::filesystem::remove(d / "error.log");
            std::filesystem::remove(d / "nginx.pid");
            std::ofstream(d / "nginx.conf") << config(root, d, port, server_config);
            const std::string prefix = d.string() + "/";
            const std::string conf = (d / "nginx.conf").string();
            const std::string error_log = (d / "error.log").string();
            const std::string output = (d / "output.log").string();
            const char* argv[] = {kBinary,      "-p", prefix.c_str(),    "-c",
                                  conf.c_str(), "-e", error_log.c_str(), nullptr};
            FileWatch watch(d);  // before the start, so that no change goes unseen
            const pid_t parent = ::getpid();
            const pid_t child = ::fork();
            if (child < 0) return std::unexpected(std::string("fork failed"));
            if (child == 0) {
                // Only async-signal-safe calls here: the test program may have threads. If the
                // thread that started nginx ends without its destructors (a crash, an abort),
                // nginx gets SIGTERM rather than serving on forever: start it on a thread that
                // outlives it (the main thread, as doctest runs the tests).
                ::prctl(PR_SET_PDEATHSIG, SIGTERM);
                if (::getppid() != parent) ::_exit(127);
                const int in = ::open("/dev/null", O_RDONLY);
                const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                if (in >= 0) ::dup2(in, 0);
                if (out >= 0) {
                    ::dup2(out, 1);
                    ::dup2(out, 2);
                }
                ::execv(kBinary, const_cast<char* const*>(argv));
                ::_exit(127);
            }
            pid = child;
            // nginx writes its pid file once its listening socket is bound and listening, and
            // logs "start worker process" once its master loop holds signals for itself: a
            // SIGTERM that came before that (a test that ends at once) was seen and then lost,
            // leaving the master waiting for ever. Ready means both.
            const auto deadline = std::chrono::steady_clock::now() + kPatience;
            for (;;) {
                if (read_file(d / "nginx.pid") == std::to_string(pid) + "\n" &&
                    read_file(d / "error.log").find("start worker process") != std::string::npos) {
                    return {};
                }
                int status = 0;
                if (::waitpid(pid, &status, WNOHANG) == pid) {
                    pid = -1;
                    return std::unexpected(read_file(d / "error.log") +
                                           read_file(d / "output.log"));
                }
                if (!watch.wait_until(deadline, std::chrono::milliseconds(50))) {
                    stop();
                    return std::unexpected("no pid file after " +
                                           std::to_string(kPatience.count()) + " s; " +
                                           read_file(d / "error.log"));
                }
            }
        }
    };

    explicit NginxServer(std::unique_ptr<State> s) : state_(std::move(s)) {}

    // A port the kernel calls free right now; nginx binds it a moment later (see start()).
    static int free_port() {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return -1;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        int port = -1;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
            port = ntohs(a.sin_port);
        }
        ::close(fd);
        return port;
    }

    static std::string quoted(const std::filesystem::path& p) {
        std::string out = "\"";
        for (char c : p.string()) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        return out + "\"";
    }

    static std::string config(const std::filesystem::path& root, const std::filesystem::path& d,
                              int port, const std::string& server_config) {
        std::string c;
        c += "daemon off;\n";
        c += "master_process on;\n";
        // One worker: requests are answered, and logged, one after another in one order.
        c += "worker_processes 1;\n";
        c += "pid " + quoted(d / "nginx.pid") + ";\n";
        c += "error_log " + quoted(d / "error.log") + " notice;\n";
        // Started by root, nginx's workers would become "nobody", who may not read a test's
        // folders (0700 under umask 077). A throwaway server on loopback may keep root's
        // rights; as anyone else, nginx keeps the starter's and ignores the directive.
        if (::geteuid() == 0) {
            const group* g = ::getgrgid(0);
            c += std::string("user root ") + (g ? g->gr_name : "root") + ";\n";
        }
        c += "events { worker_connections 64; }\n";
        c += "http {\n";
        c += "  types { application/json json; text/html html; }\n";
        c += "  default_type application/octet-stream;\n";
        c += "  log_format counts '$status $body_bytes_sent $bytes_sent $request_length "
             "$request_method $request_uri $http_range';\n";
        c += "  access_log " + quoted(d / "access.log") + " counts;\n";
        // Every temp path in the folder: the defaults are under /var/lib/nginx, which only root
        // may create, and which belongs to the system's nginx.
        for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
            c += std::string("  ") + t + "_temp_path " + quoted(d / t) + ";\n";
        }
        c += "  server {\n";
        c += "    listen 127.0.0.1:" + std::to_string(port) + ";\n";
        c += "    root " + quoted(root) + ";\n";
        c += "    location / { }\n";
        c += server_config + "\n";
        c += "  }\n";
        c += "}\n";
        return c;
    }

    static std::string read_file(const std::filesystem::path& p) { return read_whole_file(p); }

    std::unique_ptr<State> state_;
};

}  // namespace test
