// The font atlas cache files under <data>/cache.
#include "kiosk/app/atlas_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace kiosk::app {
namespace {

// An atlas of the kiosk's four sizes is 2–5 MB; a file far beyond that is not one of ours.
constexpr off_t kMaxFileBytes = 64 << 20;

std::string errno_text() {
    return std::strerror(errno);
}

}  // namespace

FileBytes::FileBytes(std::size_t size)
    : data_(std::make_unique_for_overwrite<std::byte[]>(size)), size_(size) {}

std::expected<std::shared_ptr<const FileBytes>, std::string> read_atlas_file(
    const std::filesystem::path& path) {
    // read(), not mmap(): a file truncated while mapped would kill the kiosk with SIGBUS, and a
    // failing SD card would too; read() reports both as errors.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return nullptr;
        return std::unexpected("cannot open " + path.string() + ": " + errno_text());
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxFileBytes) {
        ::close(fd);
        return std::unexpected(path.string() + " is not a plain file of a plausible size");
    }
    auto file = std::make_shared<FileBytes>(static_cast<std::size_t>(st.st_size));
    const auto bytes = file->bytes();
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = n < 0 ? errno_text() : "it shrank while being read";
            ::close(fd);
            return std::unexpected("cannot read " + path.string() + ": " + why);
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return file;
}

std::expected<void, std::string> write_atlas_file(const std::filesystem::path& path,
                                                  std::span<const std::byte> bytes) {
    const auto dir = path.parent_path();
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) {
        std::filesystem::create_directories(dir.parent_path(), ec);
        // Only the kiosk's own user reads its state; the atlas holds nothing personal, but the
        // folder is the data folder's and follows its rule.
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
            return std::unexpected("cannot create " + dir.string() + ": " + errno_text());
        }
    }
    // A name of its own per process and write, so two writers (the UI thread's build and the
    // worker's) never share a temporary file; the last rename wins with a whole file either way.
    static std::atomic<unsigned> serial{0};
    const auto tmp = std::filesystem::path(path.string() + ".tmp-" + std::to_string(::getpid()) +
                                           "-" + std::to_string(serial++));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return std::unexpected("cannot create " + tmp.string() + ": " + errno_text());
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = errno_text();
            ::close(fd);
            ::unlink(tmp.c_str());
            return std::unexpected("cannot write " + tmp.string() + ": " + why);
        }
        done += static_cast<std::size_t>(n);
    }
    // No fsync: this is a cache. A file torn by a power cut fails its checksum at the next start
    // and is built again, while an fsync would stall a slow SD card for the whole kiosk.
    if (::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = errno_text();
        ::unlink(tmp.c_str());
        return std::unexpected("cannot put " + path.string() + " in place: " + why);
    }
    return {};
}

}  // namespace kiosk::app
