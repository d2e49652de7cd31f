// Durable writes with POSIX calls: open, write, fsync, rename, fsync of the folder.
#include "base/durable_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "base/posix_error.hpp"

namespace base {
namespace {

std::expected<void, std::string> write_all(int fd, const char* data, std::size_t size,
                                           const std::filesystem::path& file) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            return std::unexpected(file.string() + " could not be written: " +
                                   write_error_text(n < 0 ? errno : ENOSPC));
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return {};
}

std::expected<void, std::string> finish(int fd, const std::filesystem::path& file) {
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        return std::unexpected(file.string() + " could not be written: " + write_error_text(err));
    }
    if (::close(fd) != 0) {
        return std::unexpected(file.string() + " could not be written: " + write_error_text(errno));
    }
    return {};
}

// Gives the open file `keep`'s owner (only when it differs: changing it takes root) and mode.
std::expected<void, std::string> take_ownership(int fd, const FileOwnership& keep,
                                                const std::filesystem::path& file) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        return std::unexpected(errno_message(file.string() + ".tmp cannot be read", errno));
    }
    if ((st.st_uid != keep.uid || st.st_gid != keep.gid) && ::fchown(fd, keep.uid, keep.gid) != 0) {
        return std::unexpected(errno_message(file.string() + " cannot keep its owner (" +
                                                 std::to_string(keep.uid) + ":" +
                                                 std::to_string(keep.gid) + ")",
                                             errno));
    }
    if (::fchmod(fd, keep.mode & 07777) != 0) {
        return std::unexpected(errno_message(file.string() + " cannot keep its mode", errno));
    }
    return {};
}

std::expected<void, std::string> write_durably(const std::filesystem::path& file,
                                               std::string_view bytes, const FileOwnership* keep) {
    const std::filesystem::path tmp = file.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return std::unexpected(errno_message(tmp.string() + " cannot be created", errno));
    auto ok = keep ? take_ownership(fd, *keep, file) : std::expected<void, std::string>{};
    if (ok) ok = write_all(fd, bytes.data(), bytes.size(), file);
    if (!ok) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return ok;
    }
    if (ok = finish(fd, file); !ok) {
        ::unlink(tmp.c_str());
        return ok;
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return std::unexpected(errno_message(file.string() + " cannot be put in place", err));
    }
    return sync_path(file.parent_path().empty() ? "." : file.parent_path());
}

}  // namespace

std::string write_error_text(int err) {
    if (err == ENOSPC || err == EFBIG || err == EDQUOT) return "the disk is full";
    return errno_text(err);
}

std::expected<void, std::string> write_file_durably(const std::filesystem::path& file,
                                                    std::string_view bytes) {
    return write_durably(file, bytes, nullptr);
}

std::expected<void, std::string> write_file_durably(const std::filesystem::path& file,
                                                    std::string_view bytes,
                                                    const FileOwnership& keep) {
    return write_durably(file, bytes, &keep);
}

std::expected<void, std::string> copy_file_synced(const std::filesystem::path& from,
                                                  const std::filesystem::path& to) {
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return std::unexpected(errno_message(from.string() + " cannot be read", errno));
    const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        const int err = errno;
        ::close(in);
        return std::unexpected(errno_message(to.string() + " cannot be created", err));
    }
    std::vector<char> block(1 << 16);
    while (true) {
        const ssize_t n = ::read(in, block.data(), block.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(in);
            ::close(out);
            return std::unexpected(errno_message(from.string() + " could not be read", err));
        }
        if (n == 0) break;
        if (auto ok = write_all(out, block.data(), static_cast<std::size_t>(n), to); !ok) {
            ::close(in);
            ::close(out);
            return ok;
        }
    }
    ::close(in);
    return finish(out, to);
}

std::expected<void, std::string> sync_path(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unexpected(errno_message(path.string() + " cannot be opened", errno));
    const bool ok = ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok) return std::unexpected(errno_message(path.string() + " could not be flushed", err));
    return {};
}

}  // namespace base
