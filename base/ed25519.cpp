// Ed25519 through libsodium; PEM framing of the fixed DER prefixes RFC 8410 gives for Ed25519.
#include "base/ed25519.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "base/digest.hpp"

namespace base::ed25519 {
namespace {

// RFC 8410: the DER of an Ed25519 key is a fixed prefix and the 32 key bytes.
constexpr std::array<std::uint8_t, 16> kPrivatePrefix = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
constexpr std::array<std::uint8_t, 12> kPublicPrefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                                        0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
constexpr std::string_view kPrivateLabel = "PRIVATE KEY";
constexpr std::string_view kPublicLabel = "PUBLIC KEY";

std::string pem(std::string_view label, std::span<const std::uint8_t> der) {
    const std::string b64 = base::base64_encode(der);
    std::string out = "-----BEGIN " + std::string(label) + "-----\n";
    for (std::size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
    out += "-----END " + std::string(label) + "-----\n";
    return out;
}

// The DER inside the one PEM block labelled `label`; other text around it is ignored, as
// OpenSSL does.
std::expected<std::vector<std::uint8_t>, std::string> unpem(std::string_view text,
                                                            std::string_view label) {
    const std::string begin = "-----BEGIN " + std::string(label) + "-----";
    const std::string end = "-----END " + std::string(label) + "-----";
    const auto b = text.find(begin);
    if (b == std::string_view::npos) {
        return std::unexpected("not a PEM " + std::string(label) + " (no \"" + begin + "\" line)");
    }
    const auto e = text.find(end, b);
    if (e == std::string_view::npos) return std::unexpected("the PEM block has no END line");
    std::string b64;
    for (const char c : text.substr(b + begin.size(), e - b - begin.size())) {
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') b64 += c;
    }
    auto der = base::base64_decode(b64);
    if (!der) return std::unexpected("the PEM block is not valid Base64");
    return std::move(*der);
}

template <std::size_t N>
bool starts_with(const std::vector<std::uint8_t>& der, const std::array<std::uint8_t, N>& prefix) {
    return der.size() == N + 32 && std::equal(prefix.begin(), prefix.end(), der.begin());
}

std::expected<std::string, std::string> read_small_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::unexpected(file.string() + ": cannot be opened");
    std::string text(16 * 1024, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return std::unexpected(file.string() + ": could not be read");
    return text;
}

}  // namespace

std::string PublicKey::id() const {
    const auto hash = base::sha256(std::span<const std::uint8_t>(bytes));
    return base::to_hex(std::span(hash).first(8));
}

PublicKey SecretKey::public_key() const {
    PublicKey pk;
    std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
    crypto_sign_seed_keypair(pk.bytes.data(), sk.data(),
                             reinterpret_cast<const unsigned char*>(seed.view().data()));
    sodium_memzero(sk.data(), sk.size());
    return pk;
}

SecretKey generate() {
    if (sodium_init() < 0) std::abort();  // no source of randomness: nothing to sign with
    std::array<std::uint8_t, crypto_sign_SEEDBYTES> seed{};
    randombytes_buf(seed.data(), seed.size());
    SecretKey key{
        base::Secret(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()))};
    sodium_memzero(seed.data(), seed.size());
    return key;
}

Signature sign(const SecretKey& key, std::string_view message) {
    PublicKey pk;
    std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
    crypto_sign_seed_keypair(pk.bytes.data(), sk.data(),
                             reinterpret_cast<const unsigned char*>(key.seed.view().data()));
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         sk.data());
    sodium_memzero(sk.data(), sk.size());
    return sig;
}

bool verify(const PublicKey& key, std::string_view message, const Signature& signature) {
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.bytes.data()) == 0;
}

base::Secret secret_key_pem(const SecretKey& key) {
    std::vector<std::uint8_t> der(kPrivatePrefix.size() + key.seed.size());
    std::copy(kPrivatePrefix.begin(), kPrivatePrefix.end(), der.begin());
    std::copy(key.seed.view().begin(), key.seed.view().end(), der.begin() + kPrivatePrefix.size());
    base::Secret out(pem(kPrivateLabel, der));
    base::wipe(der);
    return out;
}

std::string public_key_pem(const PublicKey& key) {
    std::vector<std::uint8_t> der(kPublicPrefix.size() + key.bytes.size());
    std::copy(kPublicPrefix.begin(), kPublicPrefix.end(), der.begin());
    std::copy(key.bytes.begin(), key.bytes.end(), der.begin() + kPublicPrefix.size());
    return pem(kPublicLabel, der);
}

std::expected<SecretKey, std::string> parse_secret_key_pem(std::string_view text) {
    auto der = unpem(text, kPrivateLabel);
    if (!der) return std::unexpected(der.error());
    if (!starts_with(*der, kPrivatePrefix)) {
        base::wipe(*der);
        return std::unexpected("not an Ed25519 private key");
    }
    SecretKey key{base::Secret(
        std::string_view(reinterpret_cast<const char*>(der->data()) + kPrivatePrefix.size(), 32))};
    base::wipe(*der);
    return key;
}

std::expected<PublicKey, std::string> parse_public_key_pem(std::string_view text) {
    auto der = unpem(text, kPublicLabel);
    if (!der) return std::unexpected(der.error());
    if (!starts_with(*der, kPublicPrefix)) return std::unexpected("not an Ed25519 public key");
    PublicKey key;
    std::copy(der->begin() + kPublicPrefix.size(), der->end(), key.bytes.begin());
    return key;
}

std::expected<SecretKey, std::string> load_secret_key(const std::filesystem::path& file) {
    auto text = read_small_file(file);
    if (!text) return std::unexpected(text.error());
    auto key = parse_secret_key_pem(*text);
    base::wipe(*text);
    if (!key) return std::unexpected(file.string() + ": " + key.error());
    return key;
}

std::expected<PublicKey, std::string> load_public_key(const std::filesystem::path& file) {
    auto text = read_small_file(file);
    if (!text) return std::unexpected(text.error());
    auto key = parse_public_key_pem(*text);
    if (!key) return std::unexpected(file.string() + ": " + key.error());
    return key;
}

}  // namespace base::ed25519
