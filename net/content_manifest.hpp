// The signed content manifest: what a county publishes beside each content bundle — its version
// (which only grows), when it was published and when it expires, the bundle's size, SHA-256 and
// URL, and the media files (named by SHA-256) it uses — with an Ed25519 signature over canonical
// bytes (README, "Content updates"), so a county can sign with other tools and no kiosk takes
// forged, edited, older or frozen content. Shared by kioskctl (signing), the kiosk (checking) and
// the county server (hints and, later, uploads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/digest.hpp"
#include "base/ed25519.hpp"

namespace net {

// A manifest file larger than this is refused before it is parsed: it is fetched on every poll
// and a real one, even with thousands of media files, stays far below.
inline constexpr std::size_t kMaxManifestBytes = 256 * 1024;
inline constexpr std::size_t kMaxMediaFiles = 4000;
inline constexpr std::size_t kMaxUrlLength = 2048;
inline constexpr int kManifestFormat = 1;

struct MediaRef {
    base::Sha256 sha256{};
    std::uint64_t size = 0;
    bool operator==(const MediaRef&) const = default;
};

struct ContentManifest {
    long long version = 0;  // 1 and up
    std::string published;  // RFC 3339 in UTC: "2026-12-01T09:30:00Z"
    base::Date expires;     // the content may be shown up to and including this day
    struct Bundle {
        std::string url;  // absolute, or relative to the manifest's own URL
        std::uint64_t size = 0;
        base::Sha256 sha256{};
    } bundle;
    std::vector<MediaRef> media;  // sorted by sha256, each once
    // Set by sign_manifest; read by parse_manifest.
    std::string key_id;
    base::ed25519::Signature signature{};
};

// The bytes the signature covers, one line per field:
//   mingbai-content-manifest 1
//   version 7
//   published 2026-12-01T09:30:00Z
//   expires 2027-06-30
//   bundle <size> <sha256 hex> <url>
//   media <sha256 hex> <size>        (one line per media file, in the order of `media`)
// every line ending in "\n", numbers in decimal without leading zeros, hex in lowercase.
std::string canonical_bytes(const ContentManifest& manifest);

// Checks the fields a signer controls (a version of 1 and up, an RFC 3339 UTC time, a URL of
// printable ASCII without spaces, media sorted and unique): the same checks parse_manifest makes.
std::expected<void, std::string> check_fields(const ContentManifest& manifest);

// Fills key_id and signature.
void sign_manifest(ContentManifest& manifest, const base::ed25519::SecretKey& key);

// The manifest as the JSON file a county publishes (README gives an example).
std::string manifest_json(const ContentManifest& manifest);

// Reads a manifest file's text strictly: at most kMaxManifestBytes, JSON with exactly the known
// fields, each of the right type and form. The signature is read, not checked.
std::expected<ContentManifest, std::string> parse_manifest(std::string_view text);

// The trusted key that signed the manifest; else why not, in words a technician can act on: a
// key this kiosk does not trust (named by its id), or a signature that does not match (the
// manifest was changed after signing, or signed by another key under the same id).
std::expected<base::ed25519::PublicKey, std::string> check_signature(
    const ContentManifest& manifest, std::span<const base::ed25519::PublicKey> trusted);

// A media file's name on a server and on the kiosk's disk: its SHA-256 in hex.
std::string media_name(const base::Sha256& sha256);

}  // namespace net
