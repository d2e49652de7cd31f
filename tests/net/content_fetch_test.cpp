// Tests net/content_fetch against Debian's nginx on loopback, serving files as a county's web
// server or CDN would: the manifest by ETag (200, then 304 to it, then 200 once it changes), the
// manifest's cap, statuses and redirects; downloads fresh, resumed by Range, restarted where the
// file cannot be resumed, refused past the manifest's size, skipped when complete; a full disk
// (a file size limit in a child process); addresses refused before any connection; references
// resolved against the manifest's URL. nginx's access log proves what went over the wire. A few
// cases need answers nginx never gives (a body without Content-Length, a wrong range, a
// response held open): cpp-httplib on loopback gives those.
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "net/content_fetch.hpp"
#include "support/nginx.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using net::FetchError;

namespace {

std::string bytes_of(std::size_t n, unsigned seed = 1) {
    std::mt19937 random(seed);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(random() & 0xff);
    return out;
}

void write_file(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}
bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

test::NginxServer started(const fs::path& root, const std::string& server_config = "") {
    auto server = test::NginxServer::start(root, server_config);
    REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error()));
    return std::move(*server);
}

// nginx serving content/ from a folder of its own, and a folder for the kiosk's files.
// /plain/ ignores Range, as some servers do.
struct Served {
    test::TempDir root{"fetch-root"};
    test::TempDir work{"fetch-work"};
    test::NginxServer nginx = started(root.path, "location /plain/ { max_ranges 0; }");
    net::FetchOptions options;
    std::size_t requests = 0;  // how many the test has made so far

    // Puts `bytes` on the server at `path` ("content/media/x") and returns its URL.
    std::string serve(const std::string& path, const std::string& bytes) {
        write_file(root.path / path, bytes);
        return nginx.url() + "/" + path;
    }
    // The request just made, as nginx logged it.
    test::NginxRequest last_request() {
        const auto log = nginx.requests_when(++requests);
        REQUIRE(log.size() == requests);
        return log.back();
    }
};

// A cpp-httplib server on loopback for answers nginx does not give.
struct OddServer {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    void start() {
        port = server.bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server.listen_after_bind(); });
    }
    ~OddServer() {
        if (!thread.joinable()) return;
        while (!server.is_running()) std::this_thread::yield();
        server.stop();
        thread.join();
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port) + path;
    }
};

// One connection on loopback answered with bytes written by hand, whatever was asked.
class CannedServer {
  public:
    explicit CannedServer(std::string answer) : answer_(std::move(answer)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(listener_ >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(listener_, 4) == 0);
        REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~CannedServer() {
        ::shutdown(listener_, SHUT_RDWR);  // ends a wait in accept() if nobody came
        thread_.join();
        ::close(listener_);
    }
    CannedServer(const CannedServer&) = delete;
    CannedServer& operator=(const CannedServer&) = delete;

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }
    // The request's head as received; complete once the client has had its answer.
    std::string request() {
        std::lock_guard lock(mutex_);
        return request_;
    }

  private:
    void serve() {
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        std::string head;
        char buffer[4096];
        while (head.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            head.append(buffer, static_cast<std::size_t>(n));
        }
        {
            std::lock_guard lock(mutex_);
            request_ = head;
        }
        (void)!::send(fd, answer_.data(), answer_.size(), MSG_NOSIGNAL);
        ::close(fd);
    }

    std::string answer_;
    int listener_ = -1;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::string request_;
};

}  // namespace

TEST_CASE(
    "the manifest: 200 with an ETag, 304 to it with no body, 200 with a new ETag once it "
    "changes") {
    Served s;
    const std::string v1 = R"({"version":1})";
    const auto url = s.serve("content/manifest.json", v1);

    auto first = net::fetch_manifest(url, "", 1 << 20, s.options);
    REQUIRE_MESSAGE(first.has_value(), (first ? "" : first.error().message));
    CHECK_FALSE(first->not_modified);
    CHECK(first->body == v1);
    REQUIRE(first->etag.size() > 2);
    CHECK(first->etag.front() == '"');  // nginx's strong ETag, "<mtime hex>-<size hex>"
    auto logged = s.last_request();
    CHECK(logged.status == 200);
    CHECK(first->wire_bytes == logged.request_length + logged.bytes_sent);

    // No news: one request, answered 304 with nothing but its head.
    auto again = net::fetch_manifest(url, first->etag, 1 << 20, s.options);
    REQUIRE_MESSAGE(again.has_value(), (again ? "" : again.error().message));
    CHECK(again->not_modified);
    CHECK(again->body.empty());
    CHECK(again->etag == first->etag);
    logged = s.last_request();
    CHECK(logged.status == 304);
    CHECK(logged.body_bytes == 0);
    CHECK(again->wire_bytes == logged.request_length + logged.bytes_sent);
    MESSAGE("a poll with no news: ", again->wire_bytes, " bytes (request ", logged.request_length,
            ", answer ", logged.bytes_sent, "), ETag ", again->etag);

    // A new manifest (another size, so another ETag even within the same second).
    const std::string v2 = R"({"version":2,"bundle":"bundle-2.sqlite"})";
    s.serve("content/manifest.json", v2);
    auto changed = net::fetch_manifest(url, first->etag, 1 << 20, s.options);
    REQUIRE_MESSAGE(changed.has_value(), (changed ? "" : changed.error().message));
    CHECK_FALSE(changed->not_modified);
    CHECK(changed->body == v2);
    CHECK(changed->etag != first->etag);
    CHECK(s.last_request().status == 200);
}

TEST_CASE("a manifest larger than its cap is too_large") {
    Served s;
    const auto url = s.serve("content/manifest.json", std::string(5000, 'x'));
    auto r = net::fetch_manifest(url, "", 4999, s.options);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::too_large);
    CHECK(contains(r.error().message, "4999"));
    // Exactly at the cap is fine.
    auto at_cap = net::fetch_manifest(url, "", 5000, s.options);
    REQUIRE_MESSAGE(at_cap.has_value(), (at_cap ? "" : at_cap.error().message));
    CHECK(at_cap->body.size() == 5000);
}

TEST_CASE("a manifest sent without Content-Length is stopped as soon as it passes the cap") {
    OddServer odd;
    odd.server.Get("/manifest.json", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("application/json", [](size_t, httplib::DataSink& sink) {
            const std::string piece(1000, 'x');
            for (int i = 0; i < 20; ++i) sink.write(piece.data(), piece.size());
            sink.done();
            return true;
        });
    });
    odd.start();
    auto r = net::fetch_manifest(odd.url("/manifest.json"), "", 2500, {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::too_large);
}

TEST_CASE("a missing manifest is http_status 404, and a redirect is not followed") {
    Served s;
    auto missing =
        net::fetch_manifest(s.nginx.url() + "/content/manifest.json", "", 1 << 20, s.options);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().kind == FetchError::http_status);
    CHECK(missing.error().status == 404);
    CHECK(contains(missing.error().message, "404"));
    CHECK(s.last_request().status == 404);

    // nginx sends a folder's address without its final "/" to the one with it (301).
    s.serve("content/media/x", "x");
    auto moved = net::fetch_manifest(s.nginx.url() + "/content/media", "", 1 << 20, s.options);
    REQUIRE_FALSE(moved.has_value());
    CHECK(moved.error().kind == FetchError::http_status);
    CHECK(moved.error().status == 301);
    CHECK(contains(moved.error().message, "redirect refused"));
    CHECK(s.last_request().status == 301);
}

TEST_CASE("an ETag with a line break is refused before anything is sent") {
    Served s;
    const auto url = s.serve("content/manifest.json", "{}");
    auto r = net::fetch_manifest(url, "\"a\"\r\nX-Evil: 1", 1 << 20, s.options);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::other);
}

TEST_CASE("a download into a new file: all of it, mode 0600, synced") {
    Served s;
    const std::string bundle = bytes_of(200000);
    const auto url = s.serve("content/bundle-1.sqlite", bundle);
    const auto partial = s.work.path / "bundle.part";

    auto r = net::download_file(url, partial, bundle.size(), s.options);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(r->downloaded == bundle.size());
    CHECK_FALSE(r->resumed);
    CHECK(read_file(partial) == bundle);
    struct stat st {};
    REQUIRE(::stat(partial.c_str(), &st) == 0);
    CHECK((st.st_mode & 0177) == 0);  // nothing beyond 0600, whatever the umask
    const auto logged = s.last_request();
    CHECK(logged.status == 200);
    CHECK(logged.range.empty());
    CHECK(logged.body_bytes == bundle.size());
    CHECK(r->wire_bytes == logged.request_length + logged.bytes_sent);
}

TEST_CASE("a download resumes after what the file holds: Range, 206, only the rest sent") {
    Served s;
    const std::string media = bytes_of(150000, 7);
    const auto url = s.serve("content/media/abc", media);
    const auto partial = s.work.path / "abc.part";
    const std::size_t held = 70000;
    write_file(partial, media.substr(0, held));

    auto r = net::download_file(url, partial, media.size(), s.options);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(r->resumed);
    CHECK(r->downloaded == media.size() - held);
    CHECK(read_file(partial) == media);
    const auto logged = s.last_request();
    CHECK(logged.status == 206);
    CHECK(logged.range == "bytes=70000-");
    CHECK(logged.body_bytes == media.size() - held);
    CHECK(r->wire_bytes == logged.request_length + logged.bytes_sent);
}

TEST_CASE("a server that ignores Range sends it all again (200): the file starts over") {
    Served s;
    const std::string media = bytes_of(50000, 3);
    const auto url = s.serve("plain/m", media);
    const auto partial = s.work.path / "m.part";
    write_file(partial, std::string(1000, 'z'));  // not even the right start

    auto r = net::download_file(url, partial, media.size(), s.options);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK_FALSE(r->resumed);
    CHECK(r->downloaded == media.size());
    CHECK(read_file(partial) == media);
    const auto logged = s.last_request();
    CHECK(logged.status == 200);
    CHECK(logged.range == "bytes=1000-");
}

TEST_CASE("a file holding more than the manifest's size is downloaded again whole") {
    Served s;
    const std::string media = bytes_of(30000, 4);
    const auto url = s.serve("content/media/m", media);
    const auto partial = s.work.path / "m.part";
    write_file(partial, bytes_of(30010, 5));

    auto r = net::download_file(url, partial, media.size(), s.options);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK_FALSE(r->resumed);
    CHECK(r->downloaded == media.size());
    CHECK(read_file(partial) == media);
    const auto logged = s.last_request();
    CHECK(logged.status == 200);
    CHECK(logged.range.empty());
}

TEST_CASE("a complete file needs no request at all") {
    Served s;
    const std::string media = bytes_of(20000, 6);
    const auto url = s.serve("content/media/m", media);
    const auto partial = s.work.path / "m.part";
    write_file(partial, media);

    auto r = net::download_file(url, partial, media.size(), s.options);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(r->downloaded == 0);
    CHECK(r->wire_bytes == 0);
    CHECK(read_file(partial) == media);
    // A request after it is the first nginx saw: none came before (one worker logs in order).
    const auto marker = s.serve("content/marker", "m");
    REQUIRE(net::fetch_manifest(marker, "", 100, s.options).has_value());
    const auto log = s.nginx.requests_when(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].uri == "/content/marker");
}

TEST_CASE("a server's file larger than the manifest says is too_large, and nothing of it kept") {
    Served s;
    const std::string big = bytes_of(100000, 8);
    const auto url = s.serve("content/media/big", big);
    const auto partial = s.work.path / "big.part";

    SUBCASE("from the start (Content-Length)") {}
    SUBCASE("resumed (Content-Range's total)") {
        write_file(partial, big.substr(0, 1000));
    }

    auto r = net::download_file(url, partial, 60000, s.options);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::too_large);
    CHECK(contains(r.error().message, "60000"));
    CHECK(fs::file_size(partial) == 0);
}

TEST_CASE("bytes past the manifest's size without Content-Length are refused as they come") {
    OddServer odd;
    odd.server.Get("/media/m", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("application/octet-stream",
                                         [](size_t, httplib::DataSink& sink) {
                                             const std::string piece(1000, 'y');
                                             for (int i = 0; i < 20; ++i) {
                                                 sink.write(piece.data(), piece.size());
                                             }
                                             sink.done();
                                             return true;
                                         });
    });
    odd.start();
    test::TempDir work("fetch-work");
    const auto partial = work.path / "m.part";
    auto r = net::download_file(odd.url("/media/m"), partial, 2500, {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::too_large);
    CHECK(fs::file_size(partial) <= 2500);
}

TEST_CASE("a server's file shorter than the manifest says: 416 to the range, then refused") {
    Served s;
    const std::string small = bytes_of(1000, 9);
    const auto url = s.serve("content/media/small", small);
    const auto partial = s.work.path / "small.part";
    write_file(partial, bytes_of(2000, 10));

    // What the file holds is no start of the server's file: dropped, for a fresh start.
    auto r = net::download_file(url, partial, 5000, s.options);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::http_status);
    CHECK(r.error().status == 416);
    CHECK(fs::file_size(partial) == 0);
    CHECK(s.last_request().status == 416);

    auto again = net::download_file(url, partial, 5000, s.options);
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().kind == FetchError::other);
    CHECK(contains(again.error().message, "1000 bytes, expected 5000"));
    CHECK(fs::file_size(partial) == 0);
}

TEST_CASE("a missing file is http_status 404 and the file stays as it was") {
    Served s;
    const auto partial = s.work.path / "gone.part";
    write_file(partial, "abc");
    auto r = net::download_file(s.nginx.url() + "/content/media/gone", partial, 10, s.options);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::http_status);
    CHECK(r.error().status == 404);
    CHECK(read_file(partial) == "abc");
}

TEST_CASE("a part other than the one asked for is refused and nothing written") {
    // cpp-httplib answers ranges itself; this answer is written by hand.
    CannedServer canned(
        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/20\r\n"
        "Content-Length: 10\r\nConnection: close\r\n\r\n0123456789");
    test::TempDir work("fetch-work");
    const auto partial = work.path / "m.part";
    write_file(partial, "0123456789");
    auto r = net::download_file(canned.url("/media/m"), partial, 20, {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::other);
    CHECK(contains(r.error().message, "asked from byte 10"));
    CHECK(read_file(partial) == "0123456789");
    CHECK(contains(canned.request(), "Range: bytes=10-"));
}

TEST_CASE(
    "a full disk (a file size limit) is kind disk in plain words, and the next call resumes") {
    Served s;
    const std::string bundle = bytes_of(200000, 11);
    const auto url = s.serve("content/bundle-2.sqlite", bundle);
    const auto partial = s.work.path / "bundle.part";
    constexpr rlim_t kLimit = 64 * 1024;

    // In a child process: the limit and SIGXFSZ ignored (so that the write fails with EFBIG
    // rather than the process ending) stay there. It reports through a pipe.
    int report_pipe[2];
    REQUIRE(::pipe(report_pipe) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(report_pipe[0]);
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{};
        ::getrlimit(RLIMIT_FSIZE, &limit);
        limit.rlim_cur = kLimit;
        std::string report = "setrlimit failed";
        if (::setrlimit(RLIMIT_FSIZE, &limit) == 0) {
            const auto r = net::download_file(url, partial, bundle.size(), s.options);
            report = r ? std::string("ok")
                       : std::string(net::kind_name(r.error().kind)) + "\n" + r.error().message;
        }
        (void)!::write(report_pipe[1], report.data(), report.size());
        ::_exit(0);
    }
    ::close(report_pipe[1]);
    std::string report;
    char buffer[1024];
    for (ssize_t n; (n = ::read(report_pipe[0], buffer, sizeof buffer)) > 0;) {
        report.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(report_pipe[0]);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);

    INFO(report);
    CHECK(starts_with(report, "disk\nthe disk is full (writing " + partial.string()));
    CHECK(contains(report, "File too large"));
    CHECK(fs::file_size(partial) == kLimit);  // what fitted stays, to resume from

    // Room again: only the rest is fetched.
    s.last_request();
    auto r = net::download_file(url, partial, bundle.size(), s.options);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(r->resumed);
    CHECK(r->downloaded == bundle.size() - kLimit);
    CHECK(read_file(partial) == bundle);
    const auto logged = s.last_request();
    CHECK(logged.status == 206);
    CHECK(logged.range == "bytes=" + std::to_string(kLimit) + "-");
}

TEST_CASE("plain http to another machine, or user info, is refused before any connection") {
    test::TempDir work("fetch-work");
    const auto partial = work.path / "x.part";
    // 192.0.2.1 is TEST-NET-1: nothing answers there, so a connection tried would fail as
    // connect or timeout, not as tls.
    auto manifest = net::fetch_manifest("http://192.0.2.1/content/manifest.json", "", 100, {});
    REQUIRE_FALSE(manifest.has_value());
    CHECK(manifest.error().kind == FetchError::tls);
    CHECK(contains(manifest.error().message, "plain http to 192.0.2.1 refused"));

    auto media = net::download_file("http://192.0.2.1/content/media/x", partial, 10, {});
    REQUIRE_FALSE(media.has_value());
    CHECK(media.error().kind == FetchError::tls);
    CHECK_FALSE(fs::exists(partial));  // not even created

    auto secret = net::download_file("https://kiosk:pw@county.example.cn/x", partial, 10, {});
    REQUIRE_FALSE(secret.has_value());
    CHECK(secret.error().kind == FetchError::other);
    CHECK_FALSE(contains(secret.error().message, "pw"));
    CHECK_FALSE(fs::exists(partial));
}

TEST_CASE("a cancel flag stops a transfer under way, and one set before any") {
    std::atomic<bool> cancel{false};
    net::FetchOptions options;
    options.cancel = &cancel;

    // Set before: no request.
    cancel = true;
    auto before = net::fetch_manifest("http://127.0.0.1:1/manifest.json", "", 100, options);
    REQUIRE_FALSE(before.has_value());
    CHECK(before.error().kind == FetchError::cancelled);

    // Set while the server holds its answer: libcurl asks the flag at least once a second.
    cancel = false;
    std::mutex m;
    std::condition_variable cv;
    bool entered = false, released = false;
    OddServer odd;
    odd.server.Get("/media/m", [&](const httplib::Request&, httplib::Response& res) {
        {
            std::unique_lock lock(m);
            entered = true;
            cv.notify_all();
            cv.wait(lock, [&] { return released; });
        }
        res.set_content("late", "application/octet-stream");
    });
    odd.start();
    test::TempDir work("fetch-work");
    std::thread canceller([&] {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return entered; });
        cancel = true;
    });
    auto r = net::download_file(odd.url("/media/m"), work.path / "m.part", 4, options);
    {
        std::lock_guard lock(m);
        entered = true;  // frees the canceller should the server never have been reached
        released = true;
    }
    cv.notify_all();
    canceller.join();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == FetchError::cancelled);
}

TEST_CASE("resolve_url: references against the manifest's URL, checked") {
    const std::string base = "https://county.example.cn/content/manifest.json";
    auto resolved = [&](const std::string& ref) {
        auto r = net::resolve_url(base, ref);
        REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error()));
        return *r;
    };
    CHECK(resolved("media/ab12") == "https://county.example.cn/content/media/ab12");
    CHECK(resolved("bundle-3.sqlite") == "https://county.example.cn/content/bundle-3.sqlite");
    CHECK(resolved("../other/x") == "https://county.example.cn/other/x");
    CHECK(resolved("/cdn/x") == "https://county.example.cn/cdn/x");
    CHECK(resolved("https://cdn.example.com/m/ab12") == "https://cdn.example.com/m/ab12");
    CHECK(net::resolve_url("https://c.example.cn/content/manifest.json?v=2", "media/a").value() ==
          "https://c.example.cn/content/media/a");

    // Loopback may be plain http; another machine only when allowed.
    CHECK(net::resolve_url("http://127.0.0.1:8080/content/manifest.json", "media/a").value() ==
          "http://127.0.0.1:8080/content/media/a");
    CHECK_FALSE(net::resolve_url(base, "http://cdn.example.com/m/a").has_value());
    CHECK(net::resolve_url(base, "http://cdn.example.com/m/a", true).value() ==
          "http://cdn.example.com/m/a");

    // Refused: another scheme, user info (never repeated), control characters, nothing.
    CHECK_FALSE(net::resolve_url(base, "file:///etc/passwd").has_value());
    auto secret = net::resolve_url(base, "https://u:pw@cdn.example.com/m/a");
    REQUIRE_FALSE(secret.has_value());
    CHECK_FALSE(contains(secret.error(), "pw"));
    CHECK_FALSE(net::resolve_url(base, "media/a\r\nHost: x").has_value());
    CHECK_FALSE(net::resolve_url(base, "").has_value());
    CHECK_FALSE(net::resolve_url("not a url", "media/a").has_value());
}

TEST_CASE("kind_name names every kind") {
    CHECK(net::kind_name(FetchError::connect) == "connect");
    CHECK(net::kind_name(FetchError::too_large) == "too_large");
    CHECK(net::kind_name(FetchError::disk) == "disk");
    CHECK(net::kind_name(FetchError::cancelled) == "cancelled");
}
