// The kiosk's HTTP client for the county API (libcurl): JSON in and out, TLS verified, no
// redirects followed, answers capped at 1 MiB and checked for their content type, every failure
// an error value of a kind the caller can act on (retry or not). One connection kept alive.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <expected>
#include <mutex>
#include <string>
#include <string_view>

namespace net {

struct HttpClientOptions {
    std::string base_url;  // "https://county.example.cn" (no trailing path); paths are appended
    std::string token;     // sent as Authorization: Bearer <token>
    std::string kiosk_id;  // sent as X-Kiosk-Id
    std::string ca_file;   // PEM bundle of the CAs to trust; "" = the system's bundle
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds total_timeout{15000};  // the whole exchange, body included
    std::size_t max_answer_bytes = 1 << 20;          // API.md: at most 1 MiB each way
    // Plain http:// is accepted only to loopback (the reference server in tests and demos)
    // unless this is set: the county is reached over TLS. A user name or password in the URL
    // is refused either way (net/county_url.hpp).
    bool allow_plain_http = false;
};

struct HttpResponse {
    long status = 0;
    std::string body;  // JSON text ("" for an empty answer)
    // The exchange in HTTP bytes: the request (head and body) and the answer's head and body.
    std::uint64_t wire_bytes = 0;
};

struct HttpError {
    // connect: no connection, or it broke (passing: retry). timeout: connect or total timeout.
    // tls: handshake or certificate verification failed, or plain http refused. redirect: a 3xx
    // answer (never followed). too_large: the answer exceeded max_answer_bytes. content_type: an
    // answer with a body that is not application/json. other: anything else (bad URL, user info
    // in it, cancelled). Messages show URLs without their user info.
    enum Kind { connect, timeout, tls, redirect, too_large, content_type, other };
    Kind kind = other;
    std::string message;
};
std::string_view kind_name(HttpError::Kind kind);  // "connect", "timeout", ...

class HttpClient {
  public:
    explicit HttpClient(HttpClientOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // path: "/api/v1/requests" (with its query, if any). Any HTTP status comes back as a
    // response (4xx and 5xx included) except 3xx, which is an error of kind redirect.
    std::expected<HttpResponse, HttpError> post_json(std::string_view path, std::string_view body);
    std::expected<HttpResponse, HttpError> get_json(std::string_view path);

    // Aborts the exchange under way (within about a second) and every later one: for a prompt
    // shutdown of the sync thread. Safe from any thread.
    void cancel() { cancelled_ = true; }

    const HttpClientOptions& options() const { return options_; }

  private:
    std::expected<HttpResponse, HttpError> perform(std::string_view path, const std::string* body);

    HttpClientOptions options_;
    std::mutex mutex_;      // one exchange at a time on the one handle
    void* curl_ = nullptr;  // CURL*, reused so that the connection stays alive between requests
    std::atomic<bool> cancelled_{false};
};

}  // namespace net
