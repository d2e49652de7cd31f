// One check for new content from the county: poll the manifest URL (If-None-Match, so a poll
// that finds nothing new is one small 304), check the manifest before fetching anything else,
// download the bundle and the media files this kiosk lacks with resume into <data>/content/
// incoming/, then apply them through apply_update. Blocking: the kiosk's UpdateService runs it
// on its own thread, `kioskctl update check --once` on its main one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ed25519.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content_store.hpp"
#include "net/content_fetch.hpp"

namespace kiosk::core {

struct UpdaterOptions {
    std::filesystem::path data_dir;
    std::filesystem::path share_dir;
    std::string manifest_url;
    std::vector<base::ed25519::PublicKey> trusted_keys;
    net::FetchOptions fetch;
    // Called at each step ("bytes-written" after each piece of a download is written,
    // "downloaded" after each file, and the steps of apply_update), for the crash tests.
    std::function<void(std::string_view step)> at_step;
};

UpdaterOptions updater_options(const Config& config, const std::filesystem::path& share_dir,
                               std::vector<base::ed25519::PublicKey> trusted_keys,
                               std::function<void(std::string_view)> at_step = {});

// What one check remembers for the next: the manifest's ETag. A manifest that was refused keeps
// its ETag too, so that the same bad manifest is not fetched and refused every poll; the next
// one the county publishes has another. Kept in <data>/content/poll-state as well (with the URL
// it belongs to), so that a restart or `kioskctl update check` polls with it too.
struct UpdaterState {
    std::string etag;
    bool loaded = false;  // read from the file yet
};

struct UpdateOutcome {
    // nothing_new: 304, or the manifest's version is the one here. updated: applied (`applied`
    // holds it). refused: the county's files failed a check (the reason in `message`; the content
    // here stays). failed: the county could not be reached or the disk took nothing (retried).
    enum Kind { nothing_new, updated, refused, failed } kind = nothing_new;
    long long version = 0;  // the version here after the check
    std::string message;
    std::uint64_t downloaded = 0;  // bundle and media bytes fetched in this check
    std::uint64_t wire_bytes = 0;  // every byte of every exchange, headers included
    std::optional<Applied> applied;
};

UpdateOutcome check_for_update(const UpdaterOptions& options, UpdaterState& state);

}  // namespace kiosk::core
