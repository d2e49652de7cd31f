// Fetching the county's content from a plain static web server (nginx, an object store, a CDN):
// the manifest polled with If-None-Match, so that a poll with no news is one small request
// answered 304; the bundle and media downloaded into temporary files with resume (HTTP Range),
// never past the size the manifest names. Transport only: the signature and the hashes are the
// caller's to check (kiosk/core).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace net {

struct FetchOptions {
    std::string ca_file;  // PEM bundle of the CAs to trust; "" = the system's bundle
    // Plain http:// only to loopback unless set, and never a user name or password in the
    // address: the same rules as the county API (net/county_url.hpp).
    bool allow_plain_http = false;
    std::chrono::milliseconds connect_timeout{5000};
    // A transfer that receives nothing (under 1 byte a second) for this long is given up as
    // stalled (kind timeout). There is no limit on a download's whole length: a bundle of tens
    // of MiB over a village's slow line may honestly take many minutes, and what was received
    // stays for the next attempt to resume from.
    std::chrono::seconds low_speed_time{30};
    // The whole manifest exchange, at most: a manifest is small, and a server trickling it
    // must not hold the poll.
    std::chrono::seconds manifest_timeout{60};
    // Set from another thread to abort the transfer under way (within about a second: libcurl
    // asks at least that often) with kind cancelled. Must outlive the call.
    const std::atomic<bool>* cancel = nullptr;
    // Called after each piece of a download is written, with the file's size so far: for the
    // crash tests, which kill the program part way through a file.
    std::function<void(std::uint64_t file_bytes)> on_written;
};

struct FetchError {
    // connect: no connection, or it broke (passing: retry later). timeout: the connect timeout,
    // a stalled transfer, or manifest_timeout. tls: handshake or certificate verification
    // failed, or plain http to another machine refused (no connection made). http_status: an
    // answer other than those expected (`status` holds it; a 3xx, never followed, included).
    // too_large: more bytes than allowed (max_bytes, expected_size). disk: the file could not be
    // opened, written or synced ("the disk is full (…)" for ENOSPC, EDQUOT and EFBIG).
    // cancelled: FetchOptions::cancel was set. other: anything else — a bad or refused address,
    // an answer the server should not have sent (a range that was not asked for, a file shorter
    // than the manifest says).
    enum Kind { connect, timeout, tls, http_status, too_large, disk, cancelled, other };
    Kind kind = other;
    long status = 0;      // the HTTP status for http_status, else 0
    std::string message;  // plain words for the log; addresses shown without user info
};
std::string_view kind_name(FetchError::Kind kind);  // "connect", "timeout", ...

struct ManifestFetch {
    bool not_modified = false;  // 304 to If-None-Match: the manifest is the one already held
    std::string body;           // the manifest's text when fetched ("" when not_modified)
    // The ETag to send next time, as the server wrote it (quotes included: "6b0efe80-8"); "" if
    // it sent none. On a 304 the server's (the same), else the one sent.
    std::string etag;
    // What the exchange cost in HTTP bytes: the request and the answer's head and body as
    // libcurl counts them (above TLS and TCP). For the bench's bytes per poll with no news.
    std::uint64_t wire_bytes = 0;
};

// GET `url`, with If-None-Match: `etag` when it is not empty. 2xx: the body, whose size may not
// exceed `max_bytes` (too_large, stopped at once: from Content-Length before the body, else as
// soon as the body passes it). 304: not_modified. A redirect is not followed (http_status with
// its 3xx); any other status is http_status. A new connection each call: polls are minutes
// apart, longer than servers keep a connection.
std::expected<ManifestFetch, FetchError> fetch_manifest(const std::string& url,
                                                        std::string_view etag,
                                                        std::size_t max_bytes,
                                                        const FetchOptions& options);

struct DownloadResult {
    std::uint64_t downloaded = 0;  // body bytes written to the file by this call
    bool resumed = false;          // the server sent the rest (206) after what the file held
    std::uint64_t wire_bytes = 0;  // as in ManifestFetch; 0 when no request was needed
};

// Brings the file `partial` (created if missing, mode 0600 before the umask) to exactly
// `expected_size` bytes from `url`:
// - holding N bytes, 0 < N < expected_size: asks for "Range: bytes=N-" and appends the 206's
//   body, once its Content-Range starts at N; a 200 (the server ignores ranges) truncates the
//   file and starts over; a 416 (the server's file is no longer than N) truncates it to 0 and
//   is http_status 416.
// - holding expected_size bytes: no request at all.
// - holding more, or nothing: truncated, and downloaded whole.
// More bytes than expected_size in all (by Content-Length, Content-Range, or as they come) is
// too_large: the transfer stops and the file is truncated to 0, as what it held belongs to
// another file than the manifest names. Fewer (the answer complete, the file still short) is
// kind other, and what arrived stays to resume from. A failed write is kind disk; a transfer
// that fails keeps what was written, synced, for the next call to resume from. On success the
// file holds expected_size bytes, fsync'ed. Whether they are the right bytes (the hash) is the
// caller's to check.
// Under RLIMIT_FSIZE a write past the limit fails with EFBIG (kind disk, "the disk is full")
// only if the process ignores SIGXFSZ, whose default action ends it: that is the program's
// to set up, not this function's.
std::expected<DownloadResult, FetchError> download_file(const std::string& url,
                                                        const std::filesystem::path& partial,
                                                        std::uint64_t expected_size,
                                                        const FetchOptions& options);

// `ref` (a manifest's reference to a file) resolved against `base` (the manifest's own URL) by
// libcurl's URL parser: ("https://c/content/manifest.json", "media/ab12") →
// "https://c/content/media/ab12"; "../x", "/x" and absolute URLs as RFC 3986 says. The result
// is checked by the rules of FetchOptions (https, or http to loopback unless allowed; no user
// info); why not, otherwise.
std::expected<std::string, std::string> resolve_url(const std::string& base, const std::string& ref,
                                                    bool allow_plain_http = false);

}  // namespace net
