// TEMPORARY STUB until h-fetch merges.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
namespace net {
struct FetchOptions {
    std::string ca_file;
    bool allow_plain_http = false;
    std::chrono::milliseconds connect_timeout{5000};
    const std::atomic<bool>* cancel = nullptr;
};
struct FetchError {
    enum Kind {
        connect,
        timeout,
        tls,
        http_status,
        too_large,
        disk,
        cancelled,
        other
    } kind = other;
    long status = 0;
    std::string message;
};
struct ManifestFetch {
    bool not_modified = false;
    std::string body, etag;
    std::uint64_t wire_bytes = 0;
};
std::expected<ManifestFetch, FetchError> fetch_manifest(const std::string& url,
                                                        std::string_view etag,
                                                        std::size_t max_bytes, const FetchOptions&);
struct DownloadResult {
    std::uint64_t downloaded = 0;
    bool resumed = false;
    std::uint64_t wire_bytes = 0;
};
std::expected<DownloadResult, FetchError> download_file(const std::string& url,
                                                        const std::filesystem::path& partial,
                                                        std::uint64_t expected_size,
                                                        const FetchOptions&);
std::expected<std::string, std::string> resolve_url(const std::string& base,
                                                    const std::string& ref);
}  // namespace net
