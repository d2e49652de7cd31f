// Tests net/http_client against real servers on loopback (cpp-httplib, plain and TLS): headers
// and bodies, one kept-alive connection, and every refusal — redirects, oversize answers, wrong
// content types, timeouts, nothing listening, plain http off loopback, unverifiable certificates.
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "net/http_client.hpp"

namespace fs = std::filesystem;
using net::HttpClient;
using net::HttpClientOptions;
using net::HttpError;

namespace {

// A server on a free loopback port, serving on its own thread until destroyed.
struct TestServer {
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;

    explicit TestServer(std::unique_ptr<httplib::Server> s = std::make_unique<httplib::Server>())
        : server(std::move(s)) {}
    // Binding happens here, so requests made right after start() wait in the listen backlog.
    void start() {
        port = server->bind_to_any_port("127.0.0.1");
        REQUIRE(port > 0);
        thread = std::thread([this] { server->listen_after_bind(); });
    }
    ~TestServer() {
        if (!thread.joinable()) return;
        // stop() is a no-op until the thread has entered its accept loop.
        while (!server->is_running()) std::this_thread::yield();
        server->stop();
        thread.join();
    }
    std::string url(const char* scheme = "http", const char* host = "127.0.0.1") const {
        return std::string(scheme) + "://" + host + ":" + std::to_string(port);
    }
};

HttpClientOptions options_for(const std::string& url) {
    HttpClientOptions o;
    o.base_url = url;
    o.token = "tok-123";
    o.kiosk_id = "kiosk-007";
    o.connect_timeout = std::chrono::milliseconds(2000);
    o.total_timeout = std::chrono::milliseconds(5000);
    return o;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// A gate a handler waits at, opened by the test: slow answers without sleeping.
struct Gate {
    std::mutex m;
    std::condition_variable cv;
    bool entered = false, open = false;
    void wait_in_handler(std::chrono::milliseconds at_most) {
        std::unique_lock lock(m);
        entered = true;
        cv.notify_all();
        cv.wait_for(lock, at_most, [&] { return open; });
    }
    void wait_entered() {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return entered; });
    }
    void release() {
        std::lock_guard lock(m);
        open = true;
        cv.notify_all();
    }
};

}  // namespace

TEST_CASE("a POST carries JSON, the token and the kiosk id, the answer comes back as is") {
    TestServer ts;
    std::string auth, kiosk, type, body;
    ts.server->Post("/api/v1/requests", [&](const httplib::Request& req, httplib::Response& res) {
        auth = req.get_header_value("Authorization");
        kiosk = req.get_header_value("X-Kiosk-Id");
        type = req.get_header_value("Content-Type");
        body = req.body;
        res.status = 201;
        res.set_content(R"({"case_no":"C-000001","state":"received"})",
                        "application/json; charset=utf-8");
    });
    ts.start();
    HttpClient client(options_for(ts.url() + "/"));  // a trailing slash is tolerated
    auto r = client.post_json("/api/v1/requests", R"({"item":"linshi"})");
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(r->status == 201);
    CHECK(r->body == R"({"case_no":"C-000001","state":"received"})");
    CHECK(auth == "Bearer tok-123");
    CHECK(kiosk == "kiosk-007");
    CHECK(type == "application/json");
    CHECK(body == R"({"item":"linshi"})");
}

TEST_CASE("4xx and 5xx answers are answers, with their JSON error bodies") {
    TestServer ts;
    ts.server->Post("/bad", [](const httplib::Request&, httplib::Response& res) {
        res.status = 400;
        res.set_content(R"({"error":{"code":"bad_request","message":"item: unknown"}})",
                        "application/json");
    });
    ts.server->Get("/down", [](const httplib::Request&, httplib::Response& res) {
        res.status = 503;
        res.set_content(R"({"error":{"code":"unavailable","message":"later"}})",
                        "application/json");
    });
    ts.server->Get("/empty", [](const httplib::Request&, httplib::Response& res) {
        res.status = 204;  // no body: no content type needed
    });
    ts.start();
    HttpClient client(options_for(ts.url()));
    auto bad = client.post_json("/bad", "{}");
    REQUIRE(bad.has_value());
    CHECK(bad->status == 400);
    CHECK(contains(bad->body, "unknown"));
    auto down = client.get_json("/down");
    REQUIRE(down.has_value());
    CHECK(down->status == 503);
    auto empty = client.get_json("/empty");
    REQUIRE(empty.has_value());
    CHECK(empty->status == 204);
    CHECK(empty->body.empty());
}

TEST_CASE("one connection carries request after request (keep-alive)") {
    TestServer ts;
    std::set<int> client_ports;
    std::mutex m;
    auto note = [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(m);
        client_ports.insert(req.remote_port);
        res.set_content("{}", "application/json");
    };
    ts.server->Get("/a", note);
    ts.server->Post("/b", note);
    ts.server->set_keep_alive_max_count(100);  // httplib closes after 5 by default
    ts.start();
    HttpClient client(options_for(ts.url()));
    for (int i = 0; i < 3; ++i) {
        REQUIRE(client.get_json("/a").has_value());
        REQUIRE(client.post_json("/b", "{}").has_value());
    }
    CHECK(client_ports.size() == 1);
}

TEST_CASE("a redirect is refused, never followed") {
    TestServer ts;
    int followed = 0;
    ts.server->Post("/api/v1/requests", [&](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("http://127.0.0.1:" + std::to_string(ts.port) + "/elsewhere", 302);
    });
    ts.server->Post("/elsewhere", [&](const httplib::Request&, httplib::Response& res) {
        ++followed;
        res.set_content("{}", "application/json");
    });
    ts.start();
    HttpClient client(options_for(ts.url()));
    auto r = client.post_json("/api/v1/requests", "{}");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == HttpError::redirect);
    CHECK(contains(r.error().message, "redirect to http://127.0.0.1:" + std::to_string(ts.port) +
                                          "/elsewhere refused"));
    CHECK(followed == 0);
}

TEST_CASE("an answer over 1 MiB is cut off, one of exactly 1 MiB is not") {
    TestServer ts;
    auto json_of_size = [](std::size_t n) { return "\"" + std::string(n - 2, 'a') + "\""; };
    ts.server->Get("/big", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(json_of_size(2 << 20), "application/json");
    });
    ts.server->Get("/limit", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(json_of_size(1 << 20), "application/json");
    });
    // Streamed without a length: the cap must hold while reading, not from a header.
    ts.server->Get("/stream", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("application/json",
                                         [](std::size_t offset, httplib::DataSink& sink) {
                                             if (offset > (8u << 20)) return false;
                                             const std::string chunk(64 * 1024, ' ');
                                             sink.write(chunk.data(), chunk.size());
                                             return true;
                                         });
    });
    ts.start();
    HttpClient client(options_for(ts.url()));
    auto big = client.get_json("/big");
    REQUIRE_FALSE(big.has_value());
    CHECK(big.error().kind == HttpError::too_large);
    CHECK(contains(big.error().message, "answer too large"));
    auto stream = client.get_json("/stream");
    REQUIRE_FALSE(stream.has_value());
    CHECK(stream.error().kind == HttpError::too_large);
    auto limit = client.get_json("/limit");
    REQUIRE(limit.has_value());
    CHECK(limit->body.size() == (1u << 20));
}

TEST_CASE("an answer that is not application/json is refused") {
    TestServer ts;
    ts.server->Get("/html", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("<html>captive portal</html>", "text/html");
    });
    ts.server->Get("/none", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("{}", "");
    });
    ts.server->Get("/upper", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("{}", "Application/JSON; charset=UTF-8");
    });
    ts.start();
    HttpClient client(options_for(ts.url()));
    auto html = client.get_json("/html");
    REQUIRE_FALSE(html.has_value());
    CHECK(html.error().kind == HttpError::content_type);
    CHECK(contains(html.error().message, "wrong content type \"text/html\""));
    auto none = client.get_json("/none");
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().kind == HttpError::content_type);
    CHECK(client.get_json("/upper").has_value());  // media types are case-insensitive
}

TEST_CASE("a county that does not answer in time is a timeout") {
    TestServer ts;
    Gate gate;
    ts.server->Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
        gate.wait_in_handler(std::chrono::seconds(10));
        res.set_content("{}", "application/json");
    });
    ts.start();
    auto o = options_for(ts.url());
    o.total_timeout = std::chrono::milliseconds(300);
    HttpClient client(o);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = client.get_json("/slow");
    const auto took = std::chrono::steady_clock::now() - t0;
    gate.release();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == HttpError::timeout);
    CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("cancel() aborts an exchange under way and every later one") {
    TestServer ts;
    Gate gate;
    ts.server->Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
        gate.wait_in_handler(std::chrono::seconds(10));
        res.set_content("{}", "application/json");
    });
    ts.start();
    HttpClient client(options_for(ts.url()));
    std::expected<net::HttpResponse, HttpError> r;
    const auto t0 = std::chrono::steady_clock::now();
    std::thread caller([&] { r = client.get_json("/slow"); });
    gate.wait_entered();
    client.cancel();
    caller.join();
    const auto took = std::chrono::steady_clock::now() - t0;
    gate.release();
    REQUIRE_FALSE(r.has_value());
    CHECK(contains(r.error().message, "cancelled"));
    CHECK(took < std::chrono::seconds(4));  // not the 5 s total timeout
    auto later = client.get_json("/slow");
    REQUIRE_FALSE(later.has_value());
    CHECK(contains(later.error().message, "cancelled"));
}

TEST_CASE("nothing listening is a connect error") {
    int port = 0;
    {
        TestServer ts;  // a port that was free a moment ago and is closed again
        ts.start();
        port = ts.port;
    }
    HttpClient client(options_for("http://127.0.0.1:" + std::to_string(port)));
    auto r = client.get_json("/api/v1/health");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == HttpError::connect);
}

TEST_CASE("plain http only to loopback, other schemes not at all") {
    auto r = HttpClient(options_for("http://county.example.cn")).get_json("/api/v1/health");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == HttpError::tls);
    CHECK(contains(r.error().message, "plain http to county.example.cn refused"));
    auto ftp = HttpClient(options_for("ftp://127.0.0.1")).get_json("/x");
    REQUIRE_FALSE(ftp.has_value());
    CHECK(ftp.error().kind == HttpError::other);
    auto garbage = HttpClient(options_for("not a url")).get_json("/x");
    REQUIRE_FALSE(garbage.has_value());
}

TEST_CASE("plain http to a name that only looks like this machine is refused before any lookup") {
    for (const auto& [url, host] : std::initializer_list<std::pair<const char*, const char*>>{
             {"http://127.example.org", "127.example.org"},
             {"http://127.0.0.1.nip.io:8080", "127.0.0.1.nip.io"},
             {"http://127.0.0.1@evil.example", "evil.example"},
             {"http://localhost.evil.example", "localhost.evil.example"}}) {
        CAPTURE(url);
        auto r = HttpClient(options_for(url)).get_json("/api/v1/health");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == HttpError::tls);
        CHECK_MESSAGE(
            contains(r.error().message, std::string("plain http to ") + host + " refused"),
            r.error().message);
    }
}

TEST_CASE("plain http to this machine: 127.0.0.0/8, ::1 and localhost") {
    TestServer ts;
    ts.server->Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"ok":true})", "application/json");
    });
    ts.start();
    const std::string port = std::to_string(ts.port);
    for (const auto& url : {"http://127.0.0.1:" + port, "http://localhost:" + port}) {
        CAPTURE(url);
        auto r = HttpClient(options_for(url)).get_json("/api/v1/health");
        REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
        CHECK(r->status == 200);
    }
    // Nothing listens there, but the client goes as far as trying.
    for (const auto& url : {"http://127.3.4.5:" + port, "http://[::1]:" + port}) {
        CAPTURE(url);
        auto r = HttpClient(options_for(url)).get_json("/api/v1/health");
        REQUIRE_FALSE(r.has_value());
        CHECK_MESSAGE(r.error().kind == HttpError::connect, r.error().message);
    }
}

TEST_CASE("a user name or password in the URL is refused, and never repeated in a message") {
    TestServer ts;
    int asked = 0;
    ts.server->Get("/api/v1/health", [&](const httplib::Request&, httplib::Response& res) {
        ++asked;
        res.set_content(R"({"ok":true})", "application/json");
    });
    ts.server->Get("/moved", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("https://kiosk:s3cret@elsewhere.example/x", 302);
    });
    ts.start();
    const std::string port = std::to_string(ts.port);
    for (const auto& url : {"http://kiosk:s3cret@127.0.0.1:" + port,
                            std::string("https://kiosk:s3cret@county.example.cn")}) {
        CAPTURE(url);
        auto r = HttpClient(options_for(url)).get_json("/api/v1/health");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind == HttpError::other);
        CHECK_MESSAGE(contains(r.error().message, "user name or password"), r.error().message);
        CHECK_FALSE(contains(r.error().message, "s3cret"));
    }
    CHECK(asked == 0);
    // A server's redirect to such an address is reported without its secret.
    auto moved = HttpClient(options_for(ts.url())).get_json("/moved");
    REQUIRE_FALSE(moved.has_value());
    CHECK(moved.error().kind == HttpError::redirect);
    CHECK_MESSAGE(contains(moved.error().message, "redirect to https://***@elsewhere.example/x"),
                  moved.error().message);
    CHECK_FALSE(contains(moved.error().message, "s3cret"));
}

TEST_CASE("TLS: the certificate is verified against the CA file, host name included") {
    // A self-signed certificate for "localhost", made by the openssl program.
    const fs::path dir = fs::temp_directory_path() / ("mingbai-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto cert = (dir / "cert.pem").string();
    const auto key = (dir / "key.pem").string();
    const std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout " +
        key + " -out " + cert + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
        fs::remove_all(dir);
        MESSAGE("openssl program not available: TLS test skipped");
        return;
    }
    {
        TestServer ts(std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str()));
        REQUIRE(ts.server->is_valid());
        ts.server->Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"ok":true,"version":1})", "application/json");
        });
        ts.start();

        auto trusted = options_for(ts.url("https", "localhost"));
        trusted.ca_file = cert;
        auto ok = HttpClient(trusted).get_json("/api/v1/health");
        REQUIRE_MESSAGE(ok.has_value(), (ok ? "" : ok.error().message));
        CHECK(ok->body == R"({"ok":true,"version":1})");

        // The system's CAs do not know this certificate.
        auto unknown =
            HttpClient(options_for(ts.url("https", "localhost"))).get_json("/api/v1/health");
        REQUIRE_FALSE(unknown.has_value());
        CHECK(unknown.error().kind == HttpError::tls);

        // The right CA, the wrong name.
        auto other_name = options_for(ts.url("https", "127.0.0.1"));
        other_name.ca_file = cert;
        auto mismatch = HttpClient(other_name).get_json("/api/v1/health");
        REQUIRE_FALSE(mismatch.has_value());
        CHECK(mismatch.error().kind == HttpError::tls);
    }
    fs::remove_all(dir);
}
