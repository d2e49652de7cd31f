// The county's published content as `county-server --content-dir DIR` serves it: the files under
// DIR for GET /content/<path> (the signed manifest, bundles, media; public, since each is signed
// or named by a signed hash), and the version of DIR/manifest.json for the heartbeat's hint.
// The file system's side only; the HTTP side (ETag, 304, Range) is in routes.cpp, with the
// header parsing it needs here so that it can be tested without a server.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace county {

// An open regular file under DIR. The descriptor is closed with the last reference, so that a
// file renamed over while it is sent is sent whole as it was.
struct ContentFile {
    int fd = -1;
    std::uint64_t size = 0;
    std::string etag;          // strong, quoted: "\"<inode>-<size>-<mtime ns>\"" in hex
    std::string content_type;  // application/json for .json, else application/octet-stream
    ContentFile() = default;
    ~ContentFile();
    ContentFile(const ContentFile&) = delete;
    ContentFile& operator=(const ContentFile&) = delete;
};

class PublishedContent {
  public:
    // `dir` must be a directory; it is resolved once (symlinks and all), and every file served
    // must lie within what it resolves to.
    static std::expected<std::unique_ptr<PublishedContent>, std::string> open(
        const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return root_; }

    // The whole number at the top of DIR/manifest.json under "version" (the rest of the manifest
    // is the kiosk's to read and verify). Read again whenever the file changes (its inode, size
    // or modification time; a change within the file system's clock tick too). nullopt when
    // the file is missing, larger than 4 MiB, not JSON, or has no such number: a warning is
    // logged once for each new problem, and the server goes on. Safe from any thread.
    std::optional<long long> manifest_version();

    // Why a path is not served: bad_path for a path that is not a plain relative one (empty
    // segments, "." or "..", a NUL byte); not_found for what is not a regular file under DIR,
    // including hidden names (a segment starting with '.') and symlinks that lead out of DIR.
    enum class Refusal { bad_path, not_found };
    // `path` relative to DIR, as decoded from the URL ("media/ab12.mp4").
    std::expected<std::shared_ptr<ContentFile>, Refusal> open_file(std::string_view path) const;

  private:
    explicit PublishedContent(std::filesystem::path root) : root_(std::move(root)) {}

    // What identifies a version of the manifest file; equal keys, same contents (unless racy).
    struct FileKey {
        std::uint64_t device = 0, inode = 0, size = 0;
        std::int64_t mtime_ns = 0;
        bool operator==(const FileKey&) const = default;
    };
    // Reads the manifest and its key; the version, or the problem in words.
    std::expected<long long, std::string> read_manifest(FileKey& key) const;

    std::filesystem::path root_;
    std::mutex mutex_;
    std::optional<FileKey> key_;   // of the manifest last read, with mutex_ held
    std::int64_t read_at_ns_ = 0;  // when it was read, by the wall clock
    std::optional<long long> version_;
    std::string problem_;  // the last problem warned about, "" when none
};

// The answer a Range header asks for over a file of `size` bytes (RFC 9110 14.2). whole: no
// range, or one the server ignores (several ranges, another unit, bad syntax: the whole file is
// a correct answer to those); part: bytes first..last (inclusive, last clamped to the end);
// unsatisfiable: the range starts at or after the end (416).
struct ByteRange {
    enum class Kind { whole, part, unsatisfiable } kind = Kind::whole;
    std::uint64_t first = 0, last = 0;
};
ByteRange byte_range(std::string_view header, std::uint64_t size);

// If-None-Match: true when `header` is "*" or lists `etag`, compared weakly (a W/ prefix does
// not matter), as RFC 9110 13.1.2 has it.
bool none_match(std::string_view header, std::string_view etag);

}  // namespace county
