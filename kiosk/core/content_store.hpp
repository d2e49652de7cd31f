// The kiosk's installed content on disk, and the one routine that changes it: `kioskctl update
// apply` (a USB stick), `kioskctl update check` and the kiosk's own updater all call
// apply_update. It takes content only when a trusted key signed its manifest, the version is
// above the one here, it has not expired, the bundle and every media file have the size and
// SHA-256 the manifest says, and the bundle opens and passes the content checks; then it swaps
// it in by one atomic rename. Anything else is refused with the reason and changes nothing the
// kiosk shows. A kill at any moment leaves the old content or the new, never a mix or nothing.
//
//   <data>/content/current -> v7       a symlink, replaced by rename(2): what the kiosk starts with
//   <data>/content/v7/content.bundle   the bundle, and manifest.json, the signed manifest as sent
//   <data>/content/media/<sha256>      media files of the current version
//   <data>/content/incoming/           downloads under way (<sha256>.part), kept for resuming
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/ed25519.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "net/content_manifest.hpp"

namespace kiosk::core {

std::filesystem::path content_dir(const std::filesystem::path& data_dir);
std::filesystem::path media_dir(const std::filesystem::path& data_dir);
std::filesystem::path incoming_dir(const std::filesystem::path& data_dir);
// The installed bundle: <data>/content/current/content.bundle.
std::filesystem::path installed_bundle_path(const std::filesystem::path& data_dir);

struct ActiveContent {
    Content content;
    std::filesystem::path source;
    std::vector<std::string> refused;  // why the candidates before `source` were not used
    // The signed manifest it came with; nullopt for the default bundle. The content's expiry
    // date is the earlier of the bundle's own and the manifest's, so every screen and message
    // that reads content.info.expiry_date tells the same day.
    std::optional<net::ContentManifest> manifest;
};

// The installed bundle if it loads, else the default one.
std::expected<ActiveContent, std::string> load_active_content(
    const std::filesystem::path& data_dir, const std::filesystem::path& share_dir);

// The keys named by [update] trusted_keys; the message names the file that cannot be used.
std::expected<std::vector<base::ed25519::PublicKey>, std::string> load_trusted_keys(
    const Config& config);

// A manifest file's text; refused unread when it is larger than net::kMaxManifestBytes.
std::expected<std::string, std::string> read_manifest_file(const std::filesystem::path& file);

// The manifest of the installed content (verified when it was applied); nullopt when nothing is
// installed, an error when it is there and cannot be read.
std::expected<std::optional<net::ContentManifest>, std::string> installed_manifest(
    const std::filesystem::path& data_dir);

// The version an update must be above: the installed manifest's, else the default bundle's.
std::expected<long long, std::string> current_version(const std::filesystem::path& data_dir,
                                                      const std::filesystem::path& share_dir);

struct UpdateFiles {
    std::string manifest_text;     // the manifest file's bytes, as signed and sent
    std::filesystem::path bundle;  // the bundle file
    // Where media files not installed yet may be, each named by its SHA-256 in hex (a USB
    // stick's media/ folder; the updater's downloads).
    std::vector<std::filesystem::path> media_dirs;
    // The files are the updater's own downloads, on the data disk: moved into place rather than
    // copied, so a large bundle is not written twice.
    bool take_files = false;
};

// A signed update as staff carry it on a USB stick: `dir`/manifest.json, the bundle beside it
// under the last part of the manifest's bundle url, and the media in `dir`/media (or `dir`).
std::expected<UpdateFiles, std::string> update_files_in_folder(const std::filesystem::path& dir);

struct UpdateChecks {
    std::vector<base::ed25519::PublicKey> trusted_keys;
    base::Date today;
    // Refuse a version not above this; nullopt: not checked (bundle verify).
    std::optional<long long> above_version;
};

// Reads the manifest text and checks what needs no file: size cap, form, signature by a trusted
// key, version, expiry. The updater calls it before downloading anything.
std::expected<net::ContentManifest, std::string> check_manifest(std::string_view manifest_text,
                                                                const UpdateChecks& checks);

struct VerifiedUpdate {
    net::ContentManifest manifest;
    base::ed25519::PublicKey key;
    Content content;
};

// Every check apply_update makes, installing nothing: bundle verify. Media are looked for in
// `files.media_dirs` and then among the installed ones of `data_dir` (when not empty).
std::expected<VerifiedUpdate, std::string> verify_update(const UpdateFiles& files,
                                                         const UpdateChecks& checks,
                                                         const std::filesystem::path& data_dir);

struct ApplyOptions {
    std::filesystem::path data_dir;
    std::filesystem::path share_dir;  // for the default bundle's version
    std::vector<base::ed25519::PublicKey> trusted_keys;
    base::Date today;
    // Called at each step of the apply ("staged", "swapped", ...), for the crash tests.
    std::function<void(std::string_view step)> at_step;
};

struct Applied {
    long long from_version = 0;
    net::ContentManifest manifest;
    base::ed25519::PublicKey key;
    Content content;
    int media_added = 0;    // files copied or moved in
    int media_removed = 0;  // files of earlier versions no longer referenced
};

// Why an apply did not happen: the county's files failed a check (refused: the same files will
// fail again), or this kiosk's disk failed (storage: full, unwritable; worth another try).
struct ApplyError {
    enum class Kind { refused, storage } kind = Kind::refused;
    std::string message;
};

std::expected<Applied, ApplyError> apply_update(const UpdateFiles& files,
                                                const ApplyOptions& options);

// Removes what an interrupted apply left behind (half-staged versions, temporary media files)
// and media the current version does not use. Never waits: when an apply holds the lock, it
// leaves everything to that apply.
void tidy_content_dir(const std::filesystem::path& data_dir);

}  // namespace kiosk::core
