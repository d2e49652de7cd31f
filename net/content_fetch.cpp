// Fetching content files from a static web server with libcurl: the manifest by ETag, the
// bundle and media into temporary files with resume, bounded by the manifest's sizes.
#include "net/content_fetch.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <memory>
#include <optional>

#include "base/posix_error.hpp"
#include "net/county_url.hpp"
#include "net/curl_common.hpp"

namespace net {
namespace {

struct EasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

FetchError error(FetchError::Kind kind, std::string message, long status = 0) {
    return FetchError{kind, status, std::move(message)};
}

// What is wrong with an address, by the county API's rules (https, or http to this machine; no
// user info), in words that show it without its user info.
std::string url_problem(const std::string& url, const CountyUrlProblem& p) {
    switch (p.kind) {
        case CountyUrlProblem::malformed:
            return "bad content URL \"" + redact_url(url) + "\"";
        case CountyUrlProblem::scheme:
            return "content URL \"" + redact_url(url) + "\": only https (and http to this machine)";
        case CountyUrlProblem::plain_http:
            return "plain http to " + p.host + " refused: content is fetched over https";
        case CountyUrlProblem::user_info:
            break;
    }
    return "content URL \"" + redact_url(url) + "\" holds a user name or password: refused";
}

// Checked before anything goes on the wire. Plain http off loopback is kind tls, as in the
// county API's client: the connection would not be secure.
std::expected<void, FetchError> check_url(const std::string& url, bool allow_plain_http) {
    const auto ok = check_county_url(url, allow_plain_http);
    if (ok) return {};
    const auto kind =
        ok.error().kind == CountyUrlProblem::plain_http ? FetchError::tls : FetchError::other;
    return std::unexpected(error(kind, url_problem(url, ok.error())));
}

FetchError::Kind kind_of(CURLcode rc) {
    switch (curl::classify(rc)) {
        case curl::Failure::connect:
            return FetchError::connect;
        case curl::Failure::timeout:
            return FetchError::timeout;
        case curl::Failure::tls:
            return FetchError::tls;
        case curl::Failure::aborted:
            return FetchError::cancelled;
        case curl::Failure::other:
            break;
    }
    return FetchError::other;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// One exchange on a fresh easy handle: the settings both kinds of fetch share, the answer's head
// read as it comes (its ETag and Content-Range, and a decision once it is complete: go on with
// the body or stop before it), and what the exchange cost.
class Exchange {
  public:
    Exchange(const std::string& url, const FetchOptions& options)
        : url_(url), options_(options), where_(redact_url(url.substr(0, url.find('?')))) {}
    virtual ~Exchange() = default;

    // The transfer, and the error that stopped it, if any: one set by the subclass (it knows
    // why it stopped the transfer) before libcurl's own.
    std::expected<void, FetchError> perform(curl_slist* extra_headers, const std::string* range) {
        if (auto ok = check_url(url_, options_.allow_plain_http); !ok) return ok;
        if (options_.cancel && options_.cancel->load()) {
            return std::unexpected(error(FetchError::cancelled, where_ + ": cancelled"));
        }
        curl::init_once();
        std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
        if (!handle) return std::unexpected(error(FetchError::other, "libcurl could not start"));
        curl_ = handle.get();
        CURL* c = curl_;
        char errbuf[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is reported, never followed
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!options_.ca_file.empty()) {
            curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
        }
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options_.connect_timeout.count()));
        // Stalled, not slow: under 1 byte a second for low_speed_time.
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
                         static_cast<long>(options_.low_speed_time.count()));
        if (total_timeout_.count() > 0) {
            curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(total_timeout_.count()));
        }
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
        curl_easy_setopt(c, CURLOPT_USERAGENT, "mingbai-kiosk/1");
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, extra_headers);
        if (range) curl_easy_setopt(c, CURLOPT_RANGE, range->c_str());
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, this);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, this);
        if (options_.cancel) {
            curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
            curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
            curl_easy_setopt(c, CURLOPT_XFERINFODATA, options_.cancel);
        }
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);

        const CURLcode rc = curl_easy_perform(c);

        curl_off_t body = 0;
        long request = 0, head = 0;
        curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request);
        curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &head);
        curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &body);
        wire_bytes_ = static_cast<std::uint64_t>(request) + static_cast<std::uint64_t>(head) +
                      static_cast<std::uint64_t>(body);
        curl_ = nullptr;

        if (stopped_) return std::unexpected(*stopped_);
        if (rc != CURLE_OK) {
            const auto kind = kind_of(rc);
            if (kind == FetchError::cancelled) {
                return std::unexpected(error(kind, where_ + ": cancelled"));
            }
            if (rc == CURLE_OPERATION_TIMEDOUT && head_complete_) {
                return std::unexpected(error(
                    kind, where_ + ": the transfer stalled or took too long (" +
                              std::string(errbuf[0] ? errbuf : curl_easy_strerror(rc)) + ")"));
            }
            return std::unexpected(
                error(kind, where_ + ": " + (errbuf[0] ? errbuf : curl_easy_strerror(rc))));
        }
        if (!head_complete_) {
            return std::unexpected(error(FetchError::other, where_ + ": no HTTP answer"));
        }
        return {};
    }

    long status() const { return status_; }
    const std::string& etag() const { return etag_; }
    std::uint64_t wire_bytes() const { return wire_bytes_; }
    const std::string& where() const { return where_; }

  protected:
    // The final answer's head is complete: `status()` and its headers are known. Return false
    // to stop before the body, after setting the error with stop().
    virtual bool on_head() = 0;
    // A piece of the body; false stops the transfer (after stop()).
    virtual bool on_body(const char* data, std::size_t size) = 0;

    bool stop(FetchError e) {
        if (!stopped_) stopped_ = std::move(e);
        return false;
    }

    // The answer's Content-Length, -1 when it has none.
    curl_off_t content_length() const {
        curl_off_t length = -1;
        curl_easy_getinfo(curl_, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        return length;
    }
    const std::string& content_range() const { return content_range_; }
    const FetchOptions& options() const { return options_; }

    std::chrono::milliseconds total_timeout_{0};  // 0: none

  private:
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
        auto* self = static_cast<Exchange*>(user);
        const std::size_t n = size * count;
        const std::string_view line(data, n);
        if (line.starts_with("HTTP/")) {
            // A new answer's status line (after a 100 Continue, say): forget the last one's.
            self->etag_.clear();
            self->content_range_.clear();
            return n;
        }
        if (trimmed(line).empty()) {
            curl_easy_getinfo(self->curl_, CURLINFO_RESPONSE_CODE, &self->status_);
            if (self->status_ >= 100 && self->status_ < 200) return n;  // informational
            self->head_complete_ = true;
            return self->on_head() ? n : 0;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return n;
        const auto name = trimmed(line.substr(0, colon));
        const auto value = trimmed(line.substr(colon + 1));
        if (iequals(name, "ETag")) self->etag_ = std::string(value);
        if (iequals(name, "Content-Range")) self->content_range_ = std::string(value);
        return n;
    }

    static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
        auto* self = static_cast<Exchange*>(user);
        const std::size_t n = size * count;
        return self->on_body(data, n) ? n : 0;
    }

    static int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;  // non-zero aborts
    }

    std::string url_;
    const FetchOptions& options_;
    std::string where_;
    CURL* curl_ = nullptr;
    long status_ = 0;
    bool head_complete_ = false;
    std::string etag_;
    std::string content_range_;
    std::optional<FetchError> stopped_;
    std::uint64_t wire_bytes_ = 0;
};

std::string status_message(const std::string& where, long status) {
    if (status >= 300 && status < 400) {
        return where + ": redirect refused (HTTP " + std::to_string(status) + ")";
    }
    return where + ": HTTP " + std::to_string(status);
}

class ManifestExchange : public Exchange {
  public:
    ManifestExchange(const std::string& url, std::size_t max_bytes, const FetchOptions& options)
        : Exchange(url, options), max_bytes_(max_bytes) {
        total_timeout_ = options.manifest_timeout;
    }
    std::string body;

  protected:
    bool on_head() override {
        const long s = status();
        if (s == 304) return true;
        if (s < 200 || s >= 300)
            return stop(error(FetchError::http_status, status_message(where(), s), s));
        const curl_off_t length = content_length();
        if (length >= 0 && static_cast<std::uint64_t>(length) > max_bytes_) return too_large();
        return true;
    }
    bool on_body(const char* data, std::size_t size) override {
        if (body.size() + size > max_bytes_) return too_large();
        body.append(data, size);
        return true;
    }

  private:
    bool too_large() {
        return stop(error(FetchError::too_large, where() + ": manifest too large (over " +
                                                     std::to_string(max_bytes_) + " bytes)"));
    }
    std::size_t max_bytes_;
};

// "the disk is full (writing F: No space left on device)" where the cause is known, as
// base/sqlite says it; else "the disk could not be written (…)".
FetchError disk_error(std::string_view doing, const std::filesystem::path& file, int err) {
    const std::string detail = base::errno_message(std::string(doing) + " " + file.string(), err);
    if (err == ENOSPC || err == EDQUOT || err == EFBIG) {
        return error(FetchError::disk, "the disk is full (" + detail + ")");
    }
    return error(FetchError::disk, "the disk could not be written (" + detail + ")");
}

// "bytes 100-199/200" → {100, 200}; total -1 for "*". nullopt when it is not of that form.
struct ContentRange {
    std::uint64_t first = 0;
    std::int64_t total = -1;
};
std::optional<ContentRange> parse_content_range(std::string_view v) {
    if (!v.starts_with("bytes ")) return std::nullopt;
    v.remove_prefix(6);
    ContentRange r;
    std::uint64_t last = 0;
    const char* end = v.data() + v.size();
    auto [p1, e1] = std::from_chars(v.data(), end, r.first);
    if (e1 != std::errc() || p1 == end || *p1 != '-') return std::nullopt;
    auto [p2, e2] = std::from_chars(p1 + 1, end, last);
    if (e2 != std::errc() || p2 == end || *p2 != '/' || last < r.first) return std::nullopt;
    const std::string_view total(p2 + 1, static_cast<std::size_t>(end - p2 - 1));
    if (total == "*") return r;
    auto [p3, e3] = std::from_chars(total.data(), total.data() + total.size(), r.total);
    if (e3 != std::errc() || p3 != total.data() + total.size() || r.total < 0) return std::nullopt;
    return r;
}

class DownloadExchange : public Exchange {
  public:
    DownloadExchange(const std::string& url, int fd, const std::filesystem::path& file,
                     std::uint64_t held, std::uint64_t expected, const FetchOptions& options)
        : Exchange(url, options),
          fd_(fd),
          file_(file),
          held_(held),
          offset_(held),
          expected_(expected) {}

    std::uint64_t offset() const { return offset_; }
    std::uint64_t downloaded() const { return downloaded_; }
    bool resumed() const { return resumed_; }

  protected:
    bool on_head() override {
        const long s = status();
        if (s == 200) {
            const curl_off_t length = content_length();
            if (length >= 0 && !size_matches(static_cast<std::uint64_t>(length))) return false;
            if (offset_ > 0) {
                // The server ignored the range: the whole file comes, from its first byte.
                if (::ftruncate(fd_, 0) != 0) return stop(disk_error("truncating", file_, errno));
                offset_ = 0;
            }
            accepted_ = true;
            return true;
        }
        if (s == 206) {
            if (held_ == 0) {
                return stop(
                    error(FetchError::other, where() + ": a part (206) that was not asked for"));
            }
            const auto range = parse_content_range(content_range());
            if (!range || range->first != held_) {
                return stop(
                    error(FetchError::other,
                          where() + ": the server sent another part than asked for (" +
                              (content_range().empty() ? "no Content-Range" : content_range()) +
                              ", asked from byte " + std::to_string(held_) + ")"));
            }
            if (range->total >= 0 && !size_matches(static_cast<std::uint64_t>(range->total)))
                return false;
            accepted_ = true;
            resumed_ = true;
            return true;
        }
        if (s == 416 && held_ > 0) {
            // The server's file ends at or before what the file holds: that is not a start of
            // it, so the next attempt starts from nothing.
            if (::ftruncate(fd_, 0) != 0) return stop(disk_error("truncating", file_, errno));
            offset_ = 0;
        }
        return stop(error(FetchError::http_status, status_message(where(), s), s));
    }

    bool on_body(const char* data, std::size_t size) override {
        if (!accepted_) return stop(error(FetchError::other, where() + ": a body before its head"));
        if (offset_ + size > expected_) return too_large();
        while (size > 0) {
            const ssize_t n = ::pwrite(fd_, data, size, static_cast<off_t>(offset_));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return stop(disk_error("writing", file_, errno));
            if (n == 0) return stop(disk_error("writing", file_, EIO));  // never for a file
            // A short write (the limit reached within this piece): the next one says why.
            data += n;
            size -= static_cast<std::size_t>(n);
            offset_ += static_cast<std::uint64_t>(n);
            downloaded_ += static_cast<std::uint64_t>(n);
        }
        if (options().on_written) options().on_written(offset_);
        return true;
    }

  private:
    // Whether the server's file, `size` bytes by its own account, is the manifest's size.
    bool size_matches(std::uint64_t size) {
        if (size > expected_) return too_large();
        if (size < expected_) {
            return stop(error(FetchError::other, where() + ": the server's file is " +
                                                     std::to_string(size) + " bytes, expected " +
                                                     std::to_string(expected_)));
        }
        return true;
    }
    bool too_large() {
        return stop(error(FetchError::too_large, where() + ": the server's file is larger than " +
                                                     std::to_string(expected_) + " bytes"));
    }

    int fd_;
    const std::filesystem::path& file_;
    std::uint64_t held_;    // what the file held before: a range is asked from here when > 0
    std::uint64_t offset_;  // where the next byte goes
    std::uint64_t expected_;
    std::uint64_t downloaded_ = 0;
    bool accepted_ = false;
    bool resumed_ = false;
};

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string_view kind_name(FetchError::Kind kind) {
    switch (kind) {
        case FetchError::connect:
            return "connect";
        case FetchError::timeout:
            return "timeout";
        case FetchError::tls:
            return "tls";
        case FetchError::http_status:
            return "http_status";
        case FetchError::too_large:
            return "too_large";
        case FetchError::disk:
            return "disk";
        case FetchError::cancelled:
            return "cancelled";
        case FetchError::other:
            return "other";
    }
    return "other";
}

std::expected<ManifestFetch, FetchError> fetch_manifest(const std::string& url,
                                                        std::string_view etag,
                                                        std::size_t max_bytes,
                                                        const FetchOptions& options) {
    // A line break in it would end the header and start another.
    if (has_control_character(etag)) {
        return std::unexpected(error(FetchError::other, "the ETag holds a control character"));
    }
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    if (!etag.empty()) {
        headers.reset(curl_slist_append(nullptr, ("If-None-Match: " + std::string(etag)).c_str()));
    }
    ManifestExchange exchange(url, max_bytes, options);
    if (auto ok = exchange.perform(headers.get(), nullptr); !ok) {
        return std::unexpected(ok.error());
    }
    ManifestFetch out;
    out.wire_bytes = exchange.wire_bytes();
    if (exchange.status() == 304) {
        out.not_modified = true;
        out.etag = exchange.etag().empty() ? std::string(etag) : exchange.etag();
        return out;
    }
    out.body = std::move(exchange.body);
    out.etag = exchange.etag();
    return out;
}

std::expected<DownloadResult, FetchError> download_file(const std::string& url,
                                                        const std::filesystem::path& partial,
                                                        std::uint64_t expected_size,
                                                        const FetchOptions& options) {
    // The address first: a refused one leaves the file as it was.
    if (auto ok = check_url(url, options.allow_plain_http); !ok) {
        return std::unexpected(ok.error());
    }
    Fd file{::open(partial.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)};
    if (file.fd < 0) return std::unexpected(disk_error("opening", partial, errno));
    struct stat st {};
    if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return std::unexpected(
            error(FetchError::disk, partial.string() + " is not a file that can be written"));
    }
    auto held = static_cast<std::uint64_t>(st.st_size);
    auto synced = [&]() -> std::expected<void, FetchError> {
        if (::fsync(file.fd) != 0) return std::unexpected(disk_error("syncing", partial, errno));
        return {};
    };
    if (held == expected_size) {
        // Complete already (an earlier call was stopped after its last byte): synced again, as
        // that call may not have come so far.
        if (auto ok = synced(); !ok) return std::unexpected(ok.error());
        return DownloadResult{};
    }
    if (held > expected_size) {
        // Not a start of this file: of another version, or damaged.
        if (::ftruncate(file.fd, 0) != 0) {
            return std::unexpected(disk_error("truncating", partial, errno));
        }
        held = 0;
    }

    const std::string range = std::to_string(held) + "-";
    DownloadExchange exchange(url, file.fd, partial, held, expected_size, options);
    const auto done = exchange.perform(nullptr, held > 0 ? &range : nullptr);
    if (!done) {
        if (done.error().kind == FetchError::too_large) {
            // Nothing of a file larger than the manifest says is kept: it is not the file named.
            if (::ftruncate(file.fd, 0) != 0) {
                return std::unexpected(disk_error("truncating", partial, errno));
            }
        } else if (exchange.downloaded() > 0) {
            (void)::fsync(file.fd);  // what arrived stays for the next attempt; the error is told
        }
        return std::unexpected(done.error());
    }
    if (exchange.offset() != expected_size) {
        if (exchange.downloaded() > 0) (void)::fsync(file.fd);
        return std::unexpected(
            error(FetchError::other, exchange.where() + ": the answer ended after " +
                                         std::to_string(exchange.offset()) + " of " +
                                         std::to_string(expected_size) + " bytes"));
    }
    if (auto ok = synced(); !ok) return std::unexpected(ok.error());
    return DownloadResult{exchange.downloaded(), exchange.resumed(), exchange.wire_bytes()};
}

std::expected<std::string, std::string> resolve_url(const std::string& base, const std::string& ref,
                                                    bool allow_plain_http) {
    if (ref.empty() || has_control_character(ref)) {
        return std::unexpected("bad reference \"" + redact_url(ref) + "\" in the manifest");
    }
    std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
    if (!u || curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) {
        return std::unexpected("bad manifest URL \"" + redact_url(base) + "\"");
    }
    // With a URL already in the handle, libcurl reads a relative one against it (RFC 3986).
    if (curl_url_set(u.get(), CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK) {
        return std::unexpected("bad reference \"" + redact_url(ref) + "\" in the manifest");
    }
    char* text = nullptr;
    if (curl_url_get(u.get(), CURLUPART_URL, &text, 0) != CURLUE_OK || !text) {
        return std::unexpected("bad reference \"" + redact_url(ref) + "\" in the manifest");
    }
    std::string resolved(text);
    curl_free(text);
    if (auto ok = check_county_url(resolved, allow_plain_http); !ok) {
        return std::unexpected(url_problem(resolved, ok.error()));
    }
    return resolved;
}

}  // namespace net
