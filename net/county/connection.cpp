// Serving a connection with bounded reads, and the checks of a request's framing.
#include "net/county/connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace county {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long a connection that gets an answer before it has sent everything is read away
// before it is closed (nginx's lingering_time does the same).
constexpr milliseconds kLinger = std::chrono::seconds(2);

int to_ms(milliseconds duration) {
    return static_cast<int>(std::max<milliseconds::rep>(0, duration.count()));
}

// What handlers may know of their connection; one per worker thread while it serves one.
struct ConnectionState {
    bool timed_out = false;
    bool close_after_answer = false;
};
thread_local ConnectionState* t_connection = nullptr;

// The socket's end, numeric, as httplib gives it in Request::remote_addr and remote_port.
void address_of(int sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    auto* raw = reinterpret_cast<sockaddr*>(&address);
    if ((peer ? ::getpeername(sock, raw, &length) : ::getsockname(sock, raw, &length)) != 0) return;
    char host[NI_MAXHOST], service[NI_MAXSERV];
    if (::getnameinfo(raw, length, host, sizeof host, service, sizeof service,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return;
    }
    ip = host;
    port = std::atoi(service);
}

// A socket as httplib reads and writes it, with a deadline on reading: every read waits at
// most for the rest of the current deadline (and never longer than limits.io), so a client
// that sends a line now and then still runs out of time. Reads are buffered: httplib reads a
// head byte by byte.
class BoundedStream final : public httplib::Stream {
  public:
    // `timed_out` is set once a deadline passes, for handlers to see at once.
    BoundedStream(int sock, const ConnectionLimits& limits, const base::WakePipe& stopping,
                  bool& timed_out)
        : sock_(sock), limits_(limits), stopping_(stopping), timed_out_(timed_out) {}

    // Waits for the first byte of a request, at most limits.idle.
    bool wait_for_request() {
        if (buffered() > 0) return true;
        return wait_readable(to_ms(limits_.idle));
    }
    void start_head() { deadline_ = Clock::now() + limits_.head; }
    void start_body() { deadline_ = Clock::now() + limits_.body; }

    bool is_readable() const override { return buffered() > 0 || wait_within_deadline(); }
    bool is_writable() const override {
        pollfd p{sock_, POLLOUT, 0};
        return poll_once(p, to_ms(limits_.io)) && (p.revents & POLLOUT) != 0;
    }

    ssize_t read(char* ptr, std::size_t size) override {
        if (buffered() == 0) {
            if (!wait_within_deadline()) return -1;
            if (size >= buffer_.size()) return receive(ptr, size);  // large reads go straight in
            const ssize_t n = receive(buffer_.data(), buffer_.size());
            if (n <= 0) return n;
            begin_ = 0;
            end_ = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(size, buffered());
        std::memcpy(ptr, buffer_.data() + begin_, n);
        begin_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, std::size_t size) override {
        if (!is_writable()) return -1;
        for (;;) {
            const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            return n;
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        address_of(sock_, true, ip, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        address_of(sock_, false, ip, port);
    }
    socket_t socket() const override { return sock_; }

  private:
    std::size_t buffered() const { return end_ - begin_; }

    // poll() through signals; false on timeout or error.
    static bool poll_once(pollfd& p, int timeout_ms) {
        for (;;) {
            const int ready = ::poll(&p, 1, timeout_ms);
            if (ready < 0 && errno == EINTR) continue;
            return ready > 0;
        }
    }

    // Readable (or closed by the peer) within `timeout_ms`, and the server not stopping.
    bool wait_readable(int timeout_ms) const {
        auto waited = stopping_.wait(sock_, timeout_ms);
        return waited && *waited == base::WakePipe::Waited::readable;
    }

    // Readable before the deadline and within limits.io; marks the stream timed out when the
    // deadline passes first.
    bool wait_within_deadline() const {
        const auto io_until = Clock::now() + limits_.io;
        for (;;) {
            const auto now = Clock::now();
            if (now >= deadline_) {
                timed_out_ = true;
                return false;
            }
            if (now >= io_until) return false;
            // Rounded up: a wait that ends a fraction early would look like one without a cause.
            const auto left = std::chrono::ceil<milliseconds>(std::min(deadline_, io_until) - now);
            auto waited = stopping_.wait(sock_, to_ms(left));
            if (!waited || *waited == base::WakePipe::Waited::woken) return false;
            if (*waited == base::WakePipe::Waited::readable) return true;
        }
    }

    ssize_t receive(char* ptr, std::size_t size) {
        for (;;) {
            const ssize_t n = ::recv(sock_, ptr, size, 0);
            if (n < 0 && errno == EINTR) continue;
            return n;
        }
    }

    int sock_;
    const ConnectionLimits& limits_;
    const base::WakePipe& stopping_;
    Clock::time_point deadline_ = Clock::now();
    bool& timed_out_;
    std::array<char, 4096> buffer_{};
    std::size_t begin_ = 0, end_ = 0;
};

// The answer is out but the client is still sending: stop writing, read away what comes until
// the client closes or kLinger has passed, so that closing does not reset the connection
// (which could destroy the answer before the client read it).
void linger(int sock, const base::WakePipe& stopping) {
    ::shutdown(sock, SHUT_WR);
    const auto until = Clock::now() + kLinger;
    std::array<char, 16384> discard;
    for (;;) {
        const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
        if (left <= milliseconds(0)) return;
        auto waited = stopping.wait(sock, to_ms(left));
        if (!waited || *waited != base::WakePipe::Waited::readable) return;
        const ssize_t n = ::recv(sock, discard.data(), discard.size(), 0);
        if (n == 0 || (n < 0 && errno != EINTR)) return;
    }
}

// A Content-Length value: digits only.
bool is_number(const std::string& text) {
    return !text.empty() && text.size() <= 18 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void serve_connection(int sock, const ConnectionLimits& limits, const base::WakePipe& stopping,
                      const ProcessRequest& process) {
    ConnectionState state;
    t_connection = &state;
    BoundedStream stream(sock, limits, stopping, state.timed_out);
    for (std::size_t served = 0; served < limits.requests; ++served) {
        if (!stream.wait_for_request()) break;
        stream.start_head();
        bool closed = false;
        const bool last = served + 1 == limits.requests;
        // httplib calls `setup` once the head is read, before anything of the body. The ranges
        // it parsed from a Range header are dropped: httplib 0.11 would cut every answer to
        // them, an API answer too, without checking them against its length (a range past the
        // end is sent as a huge Content-Length). /content/ reads the header itself.
        const bool ok = process(stream, last, closed, [&](httplib::Request& req) {
            req.ranges.clear();
            stream.start_body();
        });
        if (!ok || closed || state.timed_out || state.close_after_answer) break;
    }
    // A client cut off in the middle of its request may still be sending it, like one
    // answered before its body was read.
    if (state.close_after_answer || state.timed_out) linger(sock, stopping);
    t_connection = nullptr;
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
}

std::optional<FramingError> framing_error(const httplib::Request& req) {
    const std::size_t lengths = req.get_header_value_count("Content-Length");
    const bool coded = req.has_header("Transfer-Encoding");
    std::string length;
    for (std::size_t i = 0; i < lengths; ++i) {
        const std::string value = req.get_header_value("Content-Length", i);
        if (!is_number(value)) {
            return FramingError{400, "Content-Length: \"" + value + "\" is not a number of bytes"};
        }
        if (i > 0 && value != length) {
            return FramingError{400, "Content-Length: given twice with different values"};
        }
        length = value;
    }
    if (coded) {
        if (lengths > 0) {
            return FramingError{400, "Content-Length and Transfer-Encoding: only one may be given"};
        }
        if (req.get_header_value_count("Transfer-Encoding") > 1 ||
            strcasecmp(req.get_header_value("Transfer-Encoding").c_str(), "chunked") != 0) {
            return FramingError{400, "Transfer-Encoding: only chunked is understood"};
        }
    }
    if (req.method == "POST") {
        if (lengths == 0 && !coded) return FramingError{411, "Content-Length: required"};
    } else if (coded || (lengths > 0 && std::stoull(length) > 0)) {
        return FramingError{400, "a body on a " + req.method + " request"};
    }
    return std::nullopt;
}

namespace this_connection {

bool timed_out() {
    return t_connection != nullptr && t_connection->timed_out;
}

void close_after_answer(httplib::Response& res) {
    res.set_header("Connection", "close");
    if (t_connection != nullptr) t_connection->close_after_answer = true;
}

}  // namespace this_connection

}  // namespace county
