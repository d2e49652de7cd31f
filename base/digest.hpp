// SHA-256 of bytes and of files, and the text forms hashes and keys travel in (lowercase hex,
// standard Base64), with libsodium: content files are named and checked by their SHA-256.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace base {

using Sha256 = std::array<std::uint8_t, 32>;

Sha256 sha256(std::span<const std::uint8_t> bytes);
Sha256 sha256(std::string_view bytes);

struct FileDigest {
    Sha256 hash{};
    std::uint64_t size = 0;
};
// Reads the file in blocks (a video of hundreds of MB never sits in memory). The error names the
// file and says what failed in plain words.
std::expected<FileDigest, std::string> sha256_file(const std::filesystem::path& file);

std::string to_hex(std::span<const std::uint8_t> bytes);
// Exactly 64 lowercase hex digits, else nullopt (the form a media file's name takes).
std::optional<Sha256> sha256_from_hex(std::string_view hex);

std::string base64_encode(std::span<const std::uint8_t> bytes);
// Standard Base64 with padding; whitespace is not accepted. nullopt when it is not Base64.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace base
