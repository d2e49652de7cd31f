// Ed25519 key pairs and signatures (libsodium), and their files: the county signs its content
// manifests offline and every kiosk checks them. The files are the PEM forms OpenSSL writes and
// reads (PKCS#8 for the private key, SubjectPublicKeyInfo for the public one), so a county can
// sign with `openssl pkeyutl -sign -rawin` as well as with kioskctl.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "base/secret.hpp"

namespace base::ed25519 {

using Signature = std::array<std::uint8_t, 64>;

struct PublicKey {
    std::array<std::uint8_t, 32> bytes{};
    // The first 8 bytes of the key's SHA-256 as 16 hex digits: names the key in manifests,
    // messages and logs (it says nothing secret).
    std::string id() const;
    bool operator==(const PublicKey&) const = default;
};

// The 32-byte seed the whole pair derives from; wiped when it goes.
struct SecretKey {
    base::Secret seed;
    PublicKey public_key() const;
};

SecretKey generate();

Signature sign(const SecretKey& key, std::string_view message);
bool verify(const PublicKey& key, std::string_view message, const Signature& signature);

// PEM text ("-----BEGIN PRIVATE KEY-----" / "-----BEGIN PUBLIC KEY-----").
base::Secret secret_key_pem(const SecretKey& key);
std::string public_key_pem(const PublicKey& key);
std::expected<SecretKey, std::string> parse_secret_key_pem(std::string_view pem);
std::expected<PublicKey, std::string> parse_public_key_pem(std::string_view pem);

// Read a key file; the message names the file and what is wrong with it in plain words.
std::expected<SecretKey, std::string> load_secret_key(const std::filesystem::path& file);
std::expected<PublicKey, std::string> load_public_key(const std::filesystem::path& file);

}  // namespace base::ed25519
