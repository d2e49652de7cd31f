// The font atlas cache files under <data>/cache: read whole, written under a temporary name and
// renamed into place, so a reader never meets half a file. What is inside is kiosk/ui's business.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

namespace kiosk::app {

// A file's bytes, in a buffer the read fills without zeroing it first: at start-up every fresh page
// costs time.
class FileBytes {
  public:
    explicit FileBytes(std::size_t size);
    std::span<const std::byte> bytes() const { return {data_.get(), size_}; }
    std::span<std::byte> bytes() { return {data_.get(), size_}; }

  private:
    std::unique_ptr<std::byte[]> data_;
    std::size_t size_ = 0;
};

// The file's bytes; null when there is no such file (the first start); an error when it cannot be
// read or is far larger than any atlas.
std::expected<std::shared_ptr<const FileBytes>, std::string> read_atlas_file(
    const std::filesystem::path& path);

// Replaces `path` with `bytes`, creating its folder (mode 0700) if needed; the file is 0600.
std::expected<void, std::string> write_atlas_file(const std::filesystem::path& path,
                                                  std::span<const std::byte> bytes);

}  // namespace kiosk::app
