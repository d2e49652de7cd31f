// A font file mapped read-only into memory.
#include "kiosk/app/font_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kiosk::app {

std::expected<FontFile, std::string> FontFile::open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected("cannot open font " + path.string() + ": " + std::strerror(errno) +
                               " (install fonts-noto-cjk, or set ui.font in the config)");
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        return std::unexpected("font " + path.string() + " is empty or unreadable");
    }
    void* mapped =
        ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapped == MAP_FAILED) {
        return std::unexpected("cannot map font " + path.string() + ": " + std::strerror(errno));
    }
    const std::string identity = path.string() + " ino " + std::to_string(st.st_ino) + " size " +
                                 std::to_string(st.st_size) + " mtime " +
                                 std::to_string(st.st_mtim.tv_sec) + "." +
                                 std::to_string(st.st_mtim.tv_nsec);
    return FontFile(static_cast<const std::byte*>(mapped), static_cast<std::size_t>(st.st_size),
                    identity);
}

FontFile::FontFile(FontFile&& other) noexcept
    : data_(other.data_), size_(other.size_), identity_(std::move(other.identity_)) {
    other.data_ = nullptr;
    other.size_ = 0;
}

FontFile::~FontFile() {
    if (data_) ::munmap(const_cast<std::byte*>(data_), size_);
}

}  // namespace kiosk::app
