// What the county server's tests share: a throwaway directory, a county started in-process on a
// free port, and an httplib::Client speaking to it as a kiosk would.
#pragma once

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "net/county/county.hpp"

namespace county_test {

using county::CountyServer;
using county::CountyServerOptions;
using nlohmann::json;

inline constexpr const char* kToken = "secret-token";
inline constexpr const char* kValidId = "11010519491231002X";  // GB 11643's own example

// A fresh directory per test, removed afterwards.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "county-test-XXXXXX");
        path = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

inline std::unique_ptr<CountyServer> start_server(const std::filesystem::path& db,
                                                  double fail_rate = 0, double drop_rate = 0,
                                                  int delay_ms = 0, std::string token = kToken,
                                                  std::string today = "") {
    CountyServerOptions options;
    options.db = db;
    options.token = std::move(token);
    options.fail_rate = fail_rate;
    options.drop_rate = drop_rate;
    options.delay_ms = delay_ms;
    options.today = std::move(today);
    auto server = CountyServer::start(options);
    REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error()));
    return std::move(*server);
}

inline httplib::Headers kiosk_headers(const std::string& kiosk = "kiosk-001",
                                      const std::string& token = kToken) {
    httplib::Headers headers{{"X-Kiosk-Id", kiosk}};
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return headers;
}

inline json sample_request(const std::string& key, const std::string& kiosk = "kiosk-001") {
    return {{"idempotency_key", key},
            {"kiosk_id", kiosk},
            {"local_no", "A-20261122-0007"},
            {"item", "linshi"},
            {"service", "材料审核"},
            {"id_number", kValidId},
            {"phone", "13800000000"},
            {"missing_materials", {"医院的诊断证明"}},
            {"submitted_at", "2026-11-22T10:15:00+08:00"}};
}

inline httplib::Result post_json(httplib::Client& client, const std::string& path, const json& body,
                                 const std::string& kiosk = "kiosk-001") {
    return client.Post(path.c_str(), kiosk_headers(kiosk), body.dump(), "application/json");
}

inline httplib::Result deliver(httplib::Client& client, const json& body,
                               const std::string& kiosk = "kiosk-001") {
    return post_json(client, "/api/v1/requests", body, kiosk);
}

inline json body_of(const httplib::Result& res) {
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    return json::parse(res->body);
}

// The error body of API.md, with the code given; the message is returned for further checks.
inline std::string expect_error(const httplib::Result& res, int status, const std::string& code) {
    REQUIRE(res);
    CHECK(res->status == status);
    const json body = body_of(res);
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"] == code);
    REQUIRE(body["error"]["message"].is_string());
    CHECK(!body["error"]["message"].get<std::string>().empty());
    return body["error"]["message"].get<std::string>();
}

inline std::size_t stored_count(const std::filesystem::path& db) {
    auto requests = county::list_requests(db);
    REQUIRE(requests.has_value());
    return requests->size();
}

inline json replies_since(httplib::Client& client, std::int64_t since, const std::string& kiosk,
                          const std::string& extra = "") {
    const std::string path = "/api/v1/replies?since=" + std::to_string(since) + extra;
    auto res = client.Get(path.c_str(), kiosk_headers(kiosk));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return body_of(res);
}

// For TEST_CASE_FIXTURE: a county serving on a fresh database, and a kiosk's client for it.
struct TestCounty {
    TempDir dir;
    std::filesystem::path db = dir.path / "county.db";
    std::unique_ptr<CountyServer> server = start_server(db);
    httplib::Client client{server->url()};
};

// --- Heartbeats and published content -----------------------------------------------------------

// A county serving on `db` with the published content of `content_dir`.
inline std::unique_ptr<CountyServer> start_content_server(
    const std::filesystem::path& db, const std::filesystem::path& content_dir) {
    CountyServerOptions options;
    options.db = db;
    options.token = kToken;
    options.content_dir = content_dir;
    auto server = CountyServer::start(options);
    REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error()));
    return std::move(*server);
}

inline json sample_heartbeat(const std::string& kiosk = "kiosk-001") {
    return {{"kiosk_id", kiosk},
            {"software_version", "1.4.0"},
            {"content_version", 41},
            {"content_expires", "2027-03-31"},
            {"content_expired", false},
            {"printer_state", "ok"},
            {"paper_left_percent", 60},
            {"outbox_depth", 0},
            {"last_sync", "2026-11-22T10:14:00+08:00"},
            {"last_error", ""},
            {"sent_at", "2026-11-22T10:15:00+08:00"}};
}

inline httplib::Result send_heartbeat(httplib::Client& client, const json& body,
                                      const std::string& kiosk = "kiosk-001") {
    return post_json(client, "/api/v1/heartbeat", body, kiosk);
}

// The content_version of the answer to a heartbeat, expecting 200: a number, or null.
inline json hint_of(httplib::Client& client, const std::string& kiosk = "kiosk-001") {
    auto res = send_heartbeat(client, sample_heartbeat(kiosk), kiosk);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json body = body_of(res);
    REQUIRE(body.contains("content_version"));
    return body["content_version"];
}

// --- Benefit status (享受待遇信息) ---------------------------------------------------------------

// Fictional residents of region 990102 (no real region), as in net/sample_benefits.csv.
inline constexpr const char* kResidentA = "990102195803120015";  // dibao, active
inline constexpr const char* kResidentB = "99010219621105002X";  // tekun, active
inline constexpr const char* kResidentC = "990102194907230038";  // dibao, stopped
inline constexpr const char* kNoRecord = "11010519491231002X";
inline constexpr const char* kToday = "2026-11-22";
inline constexpr const char* kHeader =
    "id_number,item,amount_yuan,start_date,pay_day,status,stop_date,stop_reason\n";

inline std::filesystem::path write_file(const std::filesystem::path& path,
                                        const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

inline std::string sample_csv() {
    return std::string(kHeader) + kResidentA + ",dibao,600.00,2024-03-01,10,active,,\n" +
           kResidentB + ",tekun,1000,2023-07-01,15,active,,\n" + kResidentC +
           ",dibao,550.5,2022-09-01,10,stopped,2026-06-30,家庭收入已超过低保标准\n";
}

// A county whose today is kToday, for the benefit status.
inline std::unique_ptr<CountyServer> start_benefits_server(const std::filesystem::path& db) {
    return start_server(db, 0, 0, 0, kToken, kToday);
}

inline httplib::Result query_benefits(httplib::Client& client, const json& body,
                                      const httplib::Headers& headers = kiosk_headers()) {
    return client.Post("/api/v1/benefits/query", headers, body.dump(), "application/json");
}

// Imports CSV text into `db`, checking the summary line ("imported N benefits for M residents").
inline void import_csv(const std::filesystem::path& db, const std::string& text,
                       const std::string& summary) {
    auto result = county::import_benefits(db, write_file(db.parent_path() / "import.csv", text));
    REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error()));
    CHECK(*result == summary);
}

// The county database of `dir` with sample_csv() imported.
inline std::filesystem::path import_sample(const TempDir& dir) {
    const auto db = dir.path / "county.db";
    auto summary = county::import_benefits(db, write_file(dir.path / "b.csv", sample_csv()));
    REQUIRE_MESSAGE(summary.has_value(), (summary ? "" : summary.error()));
    return db;
}

// For TEST_CASE_FIXTURE: a county with sample_csv() imported, serving as of kToday.
struct SampleCounty {
    TempDir dir;
    std::filesystem::path db = import_sample(dir);
    std::unique_ptr<CountyServer> server = start_benefits_server(db);
    httplib::Client client{server->url()};
};

// The fields of `actual` that `expected` names: a part of an answer checked in one CHECK, which
// prints both on failure.
inline json part_of(const json& actual, const json& expected) {
    json part = json::object();
    for (const auto& [key, value] : expected.items()) {
        if (actual.contains(key)) part[key] = actual[key];
    }
    return part;
}

// The benefits of a resident, expecting 200.
inline json benefits_of(httplib::Client& client, const std::string& id_number) {
    auto res = query_benefits(client, json{{"id_number", id_number}, {"consent", true}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json body = body_of(res);
    REQUIRE(body.contains("benefits"));
    REQUIRE(body["benefits"].is_array());
    return body["benefits"];
}

// --- Raw HTTP ------------------------------------------------------------------------------------

// A TCP connection to the county on loopback, for what httplib::Client will not send: framing
// that is wrong on purpose, a chunked body written by hand, a head that never ends. Every wait
// has a limit only so that a county that never answers fails the test instead of hanging it.
class RawConnection {
  public:
    static constexpr int kPatienceMs = 10000;

    explicit RawConnection(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const int r = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        REQUIRE((r == 0 || errno == EINPROGRESS));
        REQUIRE(wait(POLLOUT));
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    int fd() const { return fd_; }

    // Waits for `events` on the socket; false after kPatienceMs (or `timeout_ms`) without them.
    bool wait(short events, int timeout_ms = kPatienceMs) const {
        pollfd p{fd_, events, 0};
        return ::poll(&p, 1, timeout_ms) == 1;
    }

    // True when the county has sent something (or closed): a sender stops there to read it.
    bool answered() const { return wait(POLLIN, 0); }

    // Sends all of `bytes` unless the county answers first; false when it answered or closed.
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            pollfd p{fd_, POLLIN | POLLOUT, 0};
            if (::poll(&p, 1, kPatienceMs) != 1 || (p.revents & POLLIN) != 0) return false;
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EAGAIN) continue;
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // Everything the county sends until it closes the connection.
    std::string read_to_end() {
        std::string received;
        char buffer[4096];
        while (wait(POLLIN)) {
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n < 0 && errno == EAGAIN) continue;
            if (n <= 0) break;
            received.append(buffer, static_cast<std::size_t>(n));
        }
        return received;
    }

  private:
    int fd_ = -1;
};

// The status of an HTTP answer ("HTTP/1.1 413 Payload Too Large…" → 413), 0 for none.
inline int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

// The head of a POST to `path` as a kiosk sends it, without the framing headers and the blank
// line: the caller adds Content-Length or Transfer-Encoding.
inline std::string post_head(const std::string& path) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
           std::string(kToken) +
           "\r\nX-Kiosk-Id: kiosk-001\r\nContent-Type: application/json\r\n"
           "Connection: close\r\n";
}

}  // namespace county_test
