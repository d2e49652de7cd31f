// Ed25519 keys and signatures: the RFC 8032 test vector, PEM files OpenSSL writes and reads, and
// the damaged keys a county might hand over.
#include "base/ed25519.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "base/digest.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

std::string bytes_of_hex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    }
    return out;
}

}  // namespace

TEST_CASE("RFC 8032 test 1: the public key and the signature of the empty message") {
    const base::ed25519::SecretKey key{base::Secret(
        bytes_of_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))};
    const auto pub = key.public_key();
    CHECK(base::to_hex(pub.bytes) ==
          "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const auto sig = base::ed25519::sign(key, "");
    CHECK(base::to_hex(sig) ==
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
          "701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    CHECK(base::ed25519::verify(pub, "", sig));
    CHECK_FALSE(base::ed25519::verify(pub, "x", sig));
    auto other = sig;
    other[5] ^= 1;
    CHECK_FALSE(base::ed25519::verify(pub, "", other));
}

TEST_CASE("keys go through PEM and back, and OpenSSL reads them as Ed25519 keys") {
    const auto key = base::ed25519::generate();
    const auto pub = key.public_key();
    CHECK(pub.id().size() == 16);
    auto back = base::ed25519::parse_secret_key_pem(base::ed25519::secret_key_pem(key).view());
    REQUIRE(back);
    CHECK(back->public_key() == pub);
    auto pub_back = base::ed25519::parse_public_key_pem(base::ed25519::public_key_pem(pub));
    REQUIRE(pub_back);
    CHECK(*pub_back == pub);

    test::TempDir dir("ed25519");
    std::ofstream(dir.path / "k.pem") << base::ed25519::secret_key_pem(key).view();
    std::ofstream(dir.path / "p.pem") << base::ed25519::public_key_pem(pub);
    // OpenSSL derives the same public key from our private key file.
    const auto derived = test::run_command(
        "openssl pkey -in '" + (dir.path / "k.pem").string() + "' -pubout", dir.path / "err");
    REQUIRE_MESSAGE(derived.exit_code == 0, derived.err);
    CHECK(derived.out == base::ed25519::public_key_pem(pub));
    // And a signature OpenSSL makes with it checks here.
    std::ofstream(dir.path / "msg", std::ios::binary) << "mingbai";
    const auto signed_by_openssl =
        test::run_command("openssl pkeyutl -sign -rawin -inkey '" + (dir.path / "k.pem").string() +
                              "' -in '" + (dir.path / "msg").string() + "' | base64 -w0",
                          dir.path / "err");
    REQUIRE(signed_by_openssl.exit_code == 0);
    auto sig_bytes = base::base64_decode(signed_by_openssl.out);
    REQUIRE(sig_bytes);
    REQUIRE(sig_bytes->size() == 64);
    base::ed25519::Signature sig{};
    std::copy(sig_bytes->begin(), sig_bytes->end(), sig.begin());
    CHECK(base::ed25519::verify(pub, "mingbai", sig));
}

TEST_CASE("key files that are not Ed25519 keys are refused with the file named") {
    test::TempDir dir("ed25519-bad");
    const auto file = dir.path / "county.pub";
    SUBCASE("not PEM") {
        std::ofstream(file) << "hello";
        auto key = base::ed25519::load_public_key(file);
        REQUIRE_FALSE(key);
        CHECK(key.error() == file.string() +
                                 ": not a PEM PUBLIC KEY (no \"-----BEGIN PUBLIC "
                                 "KEY-----\" line)");
    }
    SUBCASE("an RSA key") {
        const auto r = test::run_command(
            "openssl genpkey -algorithm RSA -pkeyopt "
            "rsa_keygen_bits:1024 2>/dev/null | openssl pkey -pubout > '" +
                file.string() + "'",
            dir.path / "err");
        REQUIRE(r.exit_code == 0);
        auto key = base::ed25519::load_public_key(file);
        REQUIRE_FALSE(key);
        CHECK(key.error() == file.string() + ": not an Ed25519 public key");
    }
    SUBCASE("the private key where the public one belongs") {
        std::ofstream(file) << base::ed25519::secret_key_pem(base::ed25519::generate()).view();
        CHECK_FALSE(base::ed25519::load_public_key(file));
    }
    SUBCASE("damaged Base64") {
        std::ofstream(file)
            << "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2Vw$$$\n-----END PUBLIC KEY-----\n";
        auto key = base::ed25519::load_public_key(file);
        REQUIRE_FALSE(key);
        CHECK(key.error().find("not valid Base64") != std::string::npos);
    }
    SUBCASE("missing") {
        auto key = base::ed25519::load_public_key(dir.path / "none.pub");
        REQUIRE_FALSE(key);
        CHECK(key.error().find("cannot be opened") != std::string::npos);
    }
}
