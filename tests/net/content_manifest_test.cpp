// The signed content manifest: its canonical bytes as the README defines them, its JSON read
// strictly, and the signature checks that refuse forged and edited manifests.
#include "net/content_manifest.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

namespace {

net::ContentManifest sample() {
    net::ContentManifest m;
    m.version = 7;
    m.published = "2026-12-01T09:30:00Z";
    m.expires = {2027, 6, 30};
    m.bundle.url = "content-7.bundle";
    m.bundle.size = 94208;
    m.bundle.sha256 = base::sha256(std::string_view("bundle"));
    m.media.push_back({base::sha256(std::string_view("a")), 300});
    m.media.push_back({base::sha256(std::string_view("b")), 12});
    std::sort(m.media.begin(), m.media.end(),
              [](const auto& a, const auto& b) { return a.sha256 < b.sha256; });
    return m;
}

std::string edit(const std::string& text, const std::function<void(nlohmann::json&)>& change) {
    auto j = nlohmann::json::parse(text);
    change(j);
    return j.dump(2);
}

}  // namespace

TEST_CASE("the canonical bytes are the README's lines, in order") {
    const auto m = sample();
    CHECK(net::canonical_bytes(m) ==
          "mingbai-content-manifest 1\n"
          "version 7\n"
          "published 2026-12-01T09:30:00Z\n"
          "expires 2027-06-30\n"
          "bundle 94208 " +
              base::to_hex(m.bundle.sha256) +
              " content-7.bundle\n"
              "media " +
              base::to_hex(m.media[0].sha256) + " " + std::to_string(m.media[0].size) +
              "\n"
              "media " +
              base::to_hex(m.media[1].sha256) + " " + std::to_string(m.media[1].size) + "\n");
}

TEST_CASE("a signed manifest reads back equal and checks against its key") {
    const auto key = base::ed25519::generate();
    auto m = sample();
    net::sign_manifest(m, key);
    auto back = net::parse_manifest(net::manifest_json(m));
    REQUIRE(back);
    CHECK(net::canonical_bytes(*back) == net::canonical_bytes(m));
    CHECK(back->key_id == key.public_key().id());
    const std::vector<base::ed25519::PublicKey> trusted = {base::ed25519::generate().public_key(),
                                                           key.public_key()};
    auto signer = net::check_signature(*back, trusted);
    REQUIRE(signer);
    CHECK(*signer == key.public_key());
}

TEST_CASE("forged, edited and unknown-key manifests are refused with the reason") {
    const auto key = base::ed25519::generate();
    auto m = sample();
    net::sign_manifest(m, key);
    const std::string text = net::manifest_json(m);
    const std::vector<base::ed25519::PublicKey> trusted = {key.public_key()};

    SUBCASE("an edited version") {
        auto edited = net::parse_manifest(edit(text, [](auto& j) { j["version"] = 8; }));
        REQUIRE(edited);
        auto r = net::check_signature(*edited, trusted);
        REQUIRE_FALSE(r);
        CHECK(r.error().starts_with("the signature does not match"));
    }
    SUBCASE("an edited media size") {
        auto edited = net::parse_manifest(edit(text, [](auto& j) { j["media"][0]["size"] = 301; }));
        REQUIRE(edited);
        CHECK_FALSE(net::check_signature(*edited, trusted));
    }
    SUBCASE("a key this kiosk does not trust") {
        const std::vector<base::ed25519::PublicKey> others = {
            base::ed25519::generate().public_key()};
        auto r = net::check_signature(m, others);
        REQUIRE_FALSE(r);
        CHECK(r.error() == "signed by key " + m.key_id +
                               ", which this kiosk does not trust (its [update] trusted_keys)");
    }
    SUBCASE("another key's signature under the trusted key's id") {
        auto forged = m;
        forged.signature = base::ed25519::sign(base::ed25519::generate(), net::canonical_bytes(m));
        CHECK_FALSE(net::check_signature(forged, trusted));
    }
}

TEST_CASE("a manifest that is not exactly the format is refused, naming the field") {
    auto m = sample();
    net::sign_manifest(m, base::ed25519::generate());
    const std::string text = net::manifest_json(m);
    const auto error = [](const std::string& t) {
        auto r = net::parse_manifest(t);
        return r ? std::string("accepted") : r.error();
    };
    CHECK(error("{") == "the manifest is not valid JSON");
    CHECK(error(edit(text, [](auto& j) { j["extra"] = 1; })) ==
          "manifest: unknown field \"extra\"");
    CHECK(error(edit(text, [](auto& j) { j.erase("expires"); })) ==
          "manifest: field \"expires\" missing");
    CHECK(error(edit(text, [](auto& j) { j["version"] = "7"; })) ==
          "version: expected a whole number");
    CHECK(error(edit(text, [](auto& j) { j["version"] = 0; })) ==
          "version: expected a whole number from 1 up");
    CHECK(error(edit(text, [](auto& j) { j["format"] = 2; })) ==
          "format: this kiosk reads manifest format 1");
    CHECK(error(edit(text, [](auto& j) { j["published"] = "2026-12-01T09:30:00+08:00"; })) ==
          "published: expected a UTC time as YYYY-MM-DDTHH:MM:SSZ");
    CHECK(error(edit(text, [](auto& j) { j["expires"] = "2027-02-30"; })) ==
          "expires: expected a date as YYYY-MM-DD");
    CHECK(error(edit(text, [](auto& j) { j["bundle"]["size"] = -1; })) ==
          "bundle.size: expected a whole number of bytes");
    CHECK(error(edit(text, [](auto& j) { j["bundle"]["sha256"] = "ABC"; })) ==
          "bundle.sha256: expected a SHA-256 as 64 lowercase hex digits");
    CHECK(error(edit(text, [](auto& j) {
              j["bundle"]["url"] = "a b";
          })).starts_with("bundle.url: the bundle's URL has a space"));
    CHECK(error(edit(text, [](auto& j) { std::swap(j["media"][0], j["media"][1]); })) ==
          "media: expected each file once, in order of their SHA-256");
    CHECK(error(edit(text, [](auto& j) { j["signature"]["algorithm"] = "rsa"; })) ==
          "signature.algorithm: expected \"ed25519\"");
    CHECK(error(edit(text, [](auto& j) { j["signature"]["value"] = "AAAA"; })) ==
          "signature.value: expected 64 bytes in Base64");
    // Larger than the cap: refused before it is parsed, whatever it holds.
    CHECK(error(std::string(net::kMaxManifestBytes + 1, ' ')) ==
          "the manifest is larger than 256 KiB");
}
