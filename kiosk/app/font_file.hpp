// A font file mapped read-only into memory: FreeType reads only the tables and glyphs it needs,
// so a 19 MB CJK collection costs little resident memory.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <span>
#include <string>

namespace kiosk::app {

class FontFile {
  public:
    static std::expected<FontFile, std::string> open(const std::filesystem::path& path);
    FontFile(FontFile&& other) noexcept;
    FontFile& operator=(FontFile&&) = delete;
    FontFile(const FontFile&) = delete;
    ~FontFile();

    std::span<const std::byte> bytes() const { return {data_, size_}; }
    // Path, inode, size and modification time as one string: it changes when the file is
    // replaced or edited, which is what the atlas cache needs to know, without reading 19 MB.
    const std::string& identity() const { return identity_; }

  private:
    FontFile(const std::byte* data, std::size_t size, std::string identity)
        : data_(data), size_(size), identity_(std::move(identity)) {}
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    std::string identity_;
};

}  // namespace kiosk::app
