// The reference county server: the county API of net/API.md over HTTP (cpp-httplib) on a SQLite
// database, with faults to inject, listening on its own threads. Runs in-process for tests and
// as the program `county-server`.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>

namespace county {

struct CountyServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: pick a free port
    std::filesystem::path db;
    std::string token;     // empty: no authentication (demo)
    double fail_rate = 0;  // answer 503 with an error body at this rate
    // Close the connection without answering at this rate, after reading the request. A POST is
    // dropped before or after it is stored (chosen at random), so the client cannot tell whether
    // the county has it and must rely on the idempotency key.
    double drop_rate = 0;
    int delay_ms = 0;   // delay each answer
    unsigned seed = 1;  // faults are random but repeatable
    // The county's "today" as YYYY-MM-DD for the benefit status (last payment, next review);
    // empty: the local date. For tests and demos.
    std::string today;
    // A request's head must arrive within this from its first byte, and its body within
    // body_timeout_ms after the head; else 408 and the connection closes. A slow client cannot
    // hold a worker for longer.
    int head_timeout_ms = 10000;
    int body_timeout_ms = 30000;
    // The county's published content (--content-dir): when set, GET /content/<path> serves the
    // files under it without authentication, and the answer to a heartbeat names the version of
    // its manifest.json. Must be a directory.
    std::filesystem::path content_dir;
};

class CountyServer {
  public:
    // Opens (creates) the database and listens; serves on its own threads until destroyed.
    static std::expected<std::unique_ptr<CountyServer>, std::string> start(
        CountyServerOptions options);
    ~CountyServer();  // stops and joins
    CountyServer(const CountyServer&) = delete;
    CountyServer& operator=(const CountyServer&) = delete;

    int port() const;
    std::string url() const;  // "http://127.0.0.1:PORT"

    struct Impl;

  private:
    explicit CountyServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace county
