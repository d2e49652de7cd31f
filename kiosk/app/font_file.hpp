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

  private:
    FontFile(const std::byte* data, std::size_t size) : data_(data), size_(size) {}
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace kiosk::app
