// SHA-256, hex and Base64 through libsodium.
#include "base/digest.hpp"

#include <sodium.h>

#include <fstream>

#include "base/posix_error.hpp"

namespace base {

Sha256 sha256(std::span<const std::uint8_t> bytes) {
    Sha256 out{};
    crypto_hash_sha256(out.data(), bytes.data(), bytes.size());
    return out;
}

Sha256 sha256(std::string_view bytes) {
    return sha256(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::expected<FileDigest, std::string> sha256_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::unexpected(file.string() + ": cannot be opened: " + errno_text(errno));
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    FileDigest digest;
    std::vector<char> block(1 << 16);
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(block.data()),
                                  got);
        digest.size += got;
    }
    if (in.bad()) return std::unexpected(file.string() + ": could not be read");
    crypto_hash_sha256_final(&state, digest.hash.data());
    return digest;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();
    return out;
}

std::optional<Sha256> sha256_from_hex(std::string_view hex) {
    if (hex.size() != 64) return std::nullopt;
    for (const char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    }
    Sha256 out{};
    std::size_t len = 0;
    if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) !=
            0 ||
        len != out.size()) {
        return std::nullopt;
    }
    return out;
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
    const int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
    out.pop_back();  // the terminating NUL
    return out;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    std::vector<std::uint8_t> out(text.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

}  // namespace base
