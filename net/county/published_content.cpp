// The published content's files and the manifest's version.
#include "net/county/published_content.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <limits>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "base/posix_error.hpp"

namespace county {
namespace {

constexpr std::string_view kLog = "county";
constexpr std::string_view kManifest = "manifest.json";
constexpr std::uint64_t kMaxManifest = std::uint64_t{4} << 20;
// Coarser than any file system's clock tick: a file read less than this after its modification
// time may have changed again since without its time changing.
constexpr std::int64_t kTickNs = 2'000'000'000;

std::int64_t ns_of(const timespec& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string hex(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
    return text;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A decimal number of bytes; one too large for 64 bits reads as the largest.
std::optional<std::uint64_t> bytes_number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (end != text.data() + text.size()) {
        // from_chars stops at the first non-digit, or consumes all digits when out of range.
        return std::nullopt;
    }
    if (ec == std::errc::result_out_of_range) return std::numeric_limits<std::uint64_t>::max();
    if (ec != std::errc()) return std::nullopt;
    return value;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

ContentFile::~ContentFile() {
    if (fd >= 0) ::close(fd);
}

std::expected<std::unique_ptr<PublishedContent>, std::string> PublishedContent::open(
    const std::filesystem::path& dir) {
    std::error_code ec;
    const auto root = std::filesystem::canonical(dir, ec);
    if (ec) return std::unexpected("content dir " + dir.string() + ": " + ec.message());
    if (!std::filesystem::is_directory(root, ec)) {
        return std::unexpected("content dir " + dir.string() + ": not a directory");
    }
    return std::unique_ptr<PublishedContent>(new PublishedContent(root));
}

std::expected<long long, std::string> PublishedContent::read_manifest(FileKey& key) const {
    const std::filesystem::path path = root_ / kManifest;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::unexpected(base::errno_message(path.string(), errno));
    struct stat st {};
    std::string text;
    std::string problem;
    if (::fstat(fd, &st) != 0) {
        problem = base::errno_message(path.string(), errno);
    } else if (!S_ISREG(st.st_mode)) {
        problem = path.string() + ": not a regular file";
    } else if (static_cast<std::uint64_t>(st.st_size) > kMaxManifest) {
        problem = path.string() + ": larger than 4 MiB";
    } else {
        text.resize(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < text.size()) {
            const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                problem = base::errno_message(path.string(), errno);
                break;
            }
            if (n == 0) break;
            got += static_cast<std::size_t>(n);
        }
        text.resize(got);
    }
    ::close(fd);
    if (!problem.empty()) return std::unexpected(problem);
    key = FileKey{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::uint64_t>(st.st_size), ns_of(st.st_mtim)};
    const auto manifest = nlohmann::json::parse(text, nullptr, false);
    if (manifest.is_discarded()) return std::unexpected(path.string() + ": not valid JSON");
    if (!manifest.is_object()) return std::unexpected(path.string() + ": not a JSON object");
    const auto version = manifest.find("version");
    if (version == manifest.end() || !version->is_number_integer() ||
        (version->is_number_unsigned() &&
         version->get<std::uint64_t>() >
             static_cast<std::uint64_t>(std::numeric_limits<long long>::max())) ||
        version->get<long long>() < 0) {
        return std::unexpected(path.string() +
                               ": no \"version\" that is a whole number of at least 0");
    }
    return version->get<long long>();
}

std::optional<long long> PublishedContent::manifest_version() {
    std::lock_guard lock(mutex_);
    struct stat st {};
    const std::filesystem::path path = root_ / kManifest;
    if (::stat(path.c_str(), &st) == 0 && key_) {
        const FileKey now{static_cast<std::uint64_t>(st.st_dev),
                          static_cast<std::uint64_t>(st.st_ino),
                          static_cast<std::uint64_t>(st.st_size), ns_of(st.st_mtim)};
        // The file as read, and read well after it was last modified: it cannot have changed
        // since without its modification time changing.
        if (now == *key_ && read_at_ns_ - key_->mtime_ns > kTickNs) return version_;
    }
    const std::int64_t read_at = now_ns();
    FileKey key;
    auto version = read_manifest(key);
    if (!version) {
        key_.reset();
        version_.reset();
        if (version.error() != problem_) {
            problem_ = version.error();
            base::log::warn(kLog, problem_,
                            "; heartbeats get no content version until it is fixed");
        }
        return std::nullopt;
    }
    if (!problem_.empty() || version_ != *version) {
        base::log::info(kLog, "published content: version ", *version, " (", path.string(), ")");
    }
    problem_.clear();
    key_ = key;
    read_at_ns_ = read_at;
    version_ = *version;
    return version_;
}

std::expected<std::shared_ptr<ContentFile>, PublishedContent::Refusal> PublishedContent::open_file(
    std::string_view path) const {
    if (path.empty() || path.find('\0') != std::string_view::npos) {
        return std::unexpected(path.empty() ? Refusal::not_found : Refusal::bad_path);
    }
    bool hidden = false;
    for (std::size_t start = 0; start <= path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == "..") {
            return std::unexpected(Refusal::bad_path);
        }
        if (segment.front() == '.') hidden = true;
        start = end + 1;
    }
    if (hidden) return std::unexpected(Refusal::not_found);

    // Every symlink resolved; what they lead to must still be under DIR.
    std::error_code ec;
    const auto real = std::filesystem::canonical(root_ / std::filesystem::path(path), ec);
    if (ec) return std::unexpected(Refusal::not_found);
    const std::string& real_text = real.native();
    const std::string& root_text = root_.native();
    if (real_text.size() <= root_text.size() || real_text.compare(0, root_text.size(), root_text) ||
        (root_text != "/" && real_text[root_text.size()] != '/')) {
        base::log::warn(kLog, "content: ", root_text, "/", path, " leads out of the content dir (",
                        real_text, "); not served");
        return std::unexpected(Refusal::not_found);
    }
    // O_NONBLOCK: a FIFO put there must not hold a worker; O_NOFOLLOW: no symlink swapped in
    // since. The resolved path has no symlinks left.
    const int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return std::unexpected(Refusal::not_found);
    auto file = std::make_shared<ContentFile>();
    file->fd = fd;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::unexpected(Refusal::not_found);
    file->size = static_cast<std::uint64_t>(st.st_size);
    file->etag = "\"" + hex(static_cast<std::uint64_t>(st.st_ino)) + "-" + hex(file->size) + "-" +
                 hex(static_cast<std::uint64_t>(ns_of(st.st_mtim))) + "\"";
    file->content_type = ends_with(path, ".json") ? "application/json" : "application/octet-stream";
    return file;
}

ByteRange byte_range(std::string_view header, std::uint64_t size) {
    constexpr std::string_view kUnit = "bytes=";
    header = trim(header);
    if (header.rfind(kUnit, 0) != 0) return {};
    const std::string_view spec = trim(header.substr(kUnit.size()));
    const std::size_t dash = spec.find('-');
    if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) return {};
    const std::string_view first_text = spec.substr(0, dash);
    const std::string_view last_text = spec.substr(dash + 1);
    const auto first = bytes_number(first_text);
    const auto last = bytes_number(last_text);
    if (first_text.empty()) {
        // The last N bytes.
        if (!last) return {};
        if (*last == 0 || size == 0) return {ByteRange::Kind::unsatisfiable};
        return {ByteRange::Kind::part, size - std::min(*last, size), size - 1};
    }
    if (!first || (!last_text.empty() && (!last || *last < *first))) return {};
    if (*first >= size) return {ByteRange::Kind::unsatisfiable};
    return {ByteRange::Kind::part, *first,
            last_text.empty() ? size - 1 : std::min(*last, size - 1)};
}

bool none_match(std::string_view header, std::string_view etag) {
    if (trim(header) == "*") return true;
    auto opaque = [](std::string_view tag) {
        tag = trim(tag);
        if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
        return tag;
    };
    const std::string_view wanted = opaque(etag);
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        if (opaque(header.substr(0, comma)) == wanted) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace county
