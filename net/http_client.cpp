// The kiosk's HTTP client for the county API, on one reused libcurl easy handle.
#include "net/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include "net/county_url.hpp"
#include "net/curl_common.hpp"

namespace net {

namespace {

CURL* handle(void* p) {
    return static_cast<CURL*>(p);
}

struct Sink {
    std::string* body;
    std::size_t limit;
    bool too_large = false;
};

// Stops the transfer (CURLE_WRITE_ERROR) as soon as the answer outgrows the limit, so a broken or
// hostile server cannot make the kiosk hold more than that.
std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body->size() + n > sink->limit) {
        sink->too_large = true;
        return 0;
    }
    sink->body->append(data, n);
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;  // non-zero aborts
}

HttpError::Kind kind_of(CURLcode rc) {
    switch (curl::classify(rc)) {
        case curl::Failure::connect:
            return HttpError::connect;
        case curl::Failure::timeout:
            return HttpError::timeout;
        case curl::Failure::tls:
            return HttpError::tls;
        case curl::Failure::aborted:
        case curl::Failure::other:
            break;
    }
    return HttpError::other;
}

// "application/json; charset=utf-8" → "application/json"
std::string media_type(const char* content_type) {
    if (!content_type) return "";
    std::string t(content_type);
    t = t.substr(0, t.find(';'));
    const auto first = t.find_first_not_of(" \t");
    const auto last = t.find_last_not_of(" \t");
    t = first == std::string::npos ? "" : t.substr(first, last - first + 1);
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return t;
}

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Checks the address (https, or http to loopback; no user info) before anything goes on the
// wire. The messages show it only with any user info hidden.
std::expected<void, HttpError> check_url(const std::string& url, bool allow_plain_http) {
    const auto ok = check_county_url(url, allow_plain_http);
    if (ok) return {};
    const auto& p = ok.error();
    switch (p.kind) {
        case CountyUrlProblem::malformed:
            return std::unexpected(
                HttpError{HttpError::other, "bad county URL \"" + redact_url(url) + "\""});
        case CountyUrlProblem::scheme:
            return std::unexpected(HttpError{
                HttpError::other,
                "county URL \"" + redact_url(url) + "\": only https (and http to this machine)"});
        case CountyUrlProblem::plain_http:
            return std::unexpected(HttpError{HttpError::tls, "plain http to " + p.host +
                                                                 " refused: the county is "
                                                                 "reached over https"});
        case CountyUrlProblem::user_info:
            break;
    }
    return std::unexpected(
        HttpError{HttpError::other, "county URL \"" + redact_url(url) +
                                        "\" holds a user name or password: refused (the token "
                                        "goes in its own header)"});
}

}  // namespace

std::string_view kind_name(HttpError::Kind kind) {
    switch (kind) {
        case HttpError::connect:
            return "connect";
        case HttpError::timeout:
            return "timeout";
        case HttpError::tls:
            return "tls";
        case HttpError::redirect:
            return "redirect";
        case HttpError::too_large:
            return "too_large";
        case HttpError::content_type:
            return "content_type";
        case HttpError::other:
            return "other";
    }
    return "other";
}

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {
    curl::init_once();
    while (!options_.base_url.empty() && options_.base_url.back() == '/')
        options_.base_url.pop_back();
    curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
    if (curl_) curl_easy_cleanup(handle(curl_));
}

std::expected<HttpResponse, HttpError> HttpClient::post_json(std::string_view path,
                                                             std::string_view body) {
    const std::string copy(body);
    return perform(path, &copy);
}

std::expected<HttpResponse, HttpError> HttpClient::get_json(std::string_view path) {
    return perform(path, nullptr);
}

std::expected<HttpResponse, HttpError> HttpClient::perform(std::string_view path,
                                                           const std::string* body) {
    std::lock_guard lock(mutex_);
    if (cancelled_) return std::unexpected(HttpError{HttpError::other, "cancelled"});
    if (!curl_) return std::unexpected(HttpError{HttpError::other, "libcurl could not start"});
    if (has_control_character(options_.token) || has_control_character(options_.kiosk_id)) {
        return std::unexpected(HttpError{
            HttpError::other, "token or kiosk id holds a line break or control character"});
    }
    if (body && body->size() > options_.max_answer_bytes) {
        return std::unexpected(HttpError{HttpError::too_large, "request body too large"});
    }
    const std::string url = options_.base_url + std::string(path);
    if (auto ok = check_url(url, options_.allow_plain_http); !ok)
        return std::unexpected(ok.error());

    CURL* c = handle(curl_);
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto add_header = [&](const std::string& h) {
        headers.reset(curl_slist_append(headers.release(), h.c_str()));
    };
    add_header("Accept: application/json");
    if (!options_.token.empty()) add_header("Authorization: Bearer " + options_.token);
    if (!options_.kiosk_id.empty()) add_header("X-Kiosk-Id: " + options_.kiosk_id);
    if (body) {
        add_header("Content-Type: application/json");
        add_header("Expect:");  // no 100-continue round trip (and its 1 s wait) for larger bodies
    }

    std::string answer;
    Sink sink{&answer, options_.max_answer_bytes};
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is reported, never followed
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);  // the name must match (1 means 2 since 7.66)
    if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "mingbai-kiosk/1");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancelled_);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }

    const CURLcode rc = curl_easy_perform(c);
    // The handle outlives this call: nothing may point at this frame's objects afterwards.
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, nullptr);

    // Checked above to hold no user info; redacted all the same, as it goes into logs and state.
    const std::string where =
        redact_url(options_.base_url + std::string(path.substr(0, path.find('?'))));
    if (rc != CURLE_OK) {
        if (rc == CURLE_WRITE_ERROR && sink.too_large) {
            return std::unexpected(HttpError{
                HttpError::too_large, where + ": answer too large (over " +
                                          std::to_string(options_.max_answer_bytes) + " bytes)"});
        }
        if (rc == CURLE_ABORTED_BY_CALLBACK) {
            return std::unexpected(HttpError{HttpError::other, where + ": cancelled"});
        }
        const std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
        return std::unexpected(HttpError{kind_of(rc), where + ": " + detail});
    }

    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 300 && status < 400) {
        char* location = nullptr;
        curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
        return std::unexpected(
            HttpError{HttpError::redirect, where + ": redirect to " +
                                               (location ? redact_url(location) : "?") +
                                               " refused (HTTP " + std::to_string(status) + ")"});
    }
    if (!answer.empty()) {
        char* content_type = nullptr;
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &content_type);
        const std::string type = media_type(content_type);
        if (type != "application/json") {
            return std::unexpected(HttpError{
                HttpError::content_type,
                where + ": wrong content type \"" + (type.empty() ? "none" : type) + "\" (HTTP " +
                    std::to_string(status) + "), expected application/json"});
        }
    }
    // HTTP bytes both ways as libcurl counts them (above TLS and TCP): for the bench's figures.
    long request_size = 0, header_size = 0;
    curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
    curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_size);
    const auto wire = static_cast<std::uint64_t>(request_size + header_size) + answer.size();
    return HttpResponse{status, std::move(answer), wire};
}

}  // namespace net
