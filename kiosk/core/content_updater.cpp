// Polls, downloads with resume, applies.
#include "kiosk/core/content_updater.hpp"

#include <fstream>
#include <set>
#include <system_error>

#include "base/durable_file.hpp"
#include "base/log.hpp"

namespace kiosk::core {
namespace {

namespace fs = std::filesystem;

// Brings incoming/<sha256> into being: resumes incoming/<sha256>.part, then renames it complete.
// The hash is checked by apply_update, on the file it will use.
std::expected<std::uint64_t, net::FetchError> fetch_file(const std::string& url,
                                                         const base::Sha256& sha256,
                                                         std::uint64_t size,
                                                         const UpdaterOptions& options,
                                                         std::uint64_t& wire_bytes) {
    const fs::path dir = incoming_dir(options.data_dir);
    const fs::path done = dir / net::media_name(sha256);
    std::error_code ec;
    if (fs::file_size(done, ec) == size && !ec) return 0;
    const fs::path part = dir / (net::media_name(sha256) + ".part");
    auto got = net::download_file(url, part, size, options.fetch);
    if (!got) return std::unexpected(got.error());
    wire_bytes += got->wire_bytes;
    if (options.at_step) options.at_step("downloaded");
    fs::rename(part, done, ec);
    if (ec) {
        return std::unexpected(net::FetchError{
            net::FetchError::disk, 0, part.string() + " cannot be renamed: " + ec.message()});
    }
    return got->downloaded;
}

// Downloads of other versions (a manifest replaced while its files were coming) are dropped.
void drop_other_downloads(const fs::path& dir, const net::ContentManifest& manifest) {
    std::set<std::string> wanted = {net::media_name(manifest.bundle.sha256)};
    for (const auto& m : manifest.media) wanted.insert(net::media_name(m.sha256));
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.ends_with(".part")) name.resize(name.size() - 5);
        if (!wanted.contains(name)) fs::remove(entry.path(), ec);
    }
}

fs::path poll_state_file(const fs::path& data_dir) {
    return content_dir(data_dir) / "poll-state";
}

// "<url>\n<etag>\n": an ETag is only good for the URL it came from.
void load_state(const UpdaterOptions& options, UpdaterState& state) {
    state.loaded = true;
    std::ifstream in(poll_state_file(options.data_dir));
    std::string url, etag;
    if (std::getline(in, url) && std::getline(in, etag) && url == options.manifest_url) {
        state.etag = etag;
    }
}

void save_state(const UpdaterOptions& options, const std::string& etag) {
    if (auto ok = base::write_file_durably(poll_state_file(options.data_dir),
                                           options.manifest_url + "\n" + etag + "\n");
        !ok) {
        base::log::warn("update", "poll state not kept: ", ok.error());
    }
}

// One check, without the poll state's file (check_for_update reads and writes that).
UpdateOutcome check(const UpdaterOptions& options, UpdaterState& state) {
    UpdateOutcome out;
    auto here = current_version(options.data_dir, options.share_dir);
    if (!here) {
        out.kind = UpdateOutcome::failed;
        out.message = here.error();
        return out;
    }
    out.version = *here;
    const auto failed = [&](UpdateOutcome::Kind kind, std::string message) {
        out.kind = kind;
        out.message = std::move(message);
        return out;
    };

    auto fetched = net::fetch_manifest(options.manifest_url, state.etag, net::kMaxManifestBytes,
                                       options.fetch);
    if (!fetched) {
        const bool refused = fetched.error().kind == net::FetchError::too_large;
        return failed(refused ? UpdateOutcome::refused : UpdateOutcome::failed,
                      "the manifest: " + fetched.error().message);
    }
    out.wire_bytes += fetched->wire_bytes;
    if (fetched->not_modified) return out;
    const std::string etag = fetched->etag;

    // Everything that needs no download is checked before anything is downloaded: a forged or
    // old manifest costs one small request.
    auto manifest =
        check_manifest(fetched->body, {options.trusted_keys, base::today_local(), std::nullopt});
    if (!manifest) {
        state.etag = etag;
        return failed(UpdateOutcome::refused, manifest.error());
    }
    if (manifest->version == *here) {
        state.etag = etag;
        return out;
    }
    if (manifest->version < *here) {
        state.etag = etag;
        return failed(UpdateOutcome::refused, "version " + std::to_string(manifest->version) +
                                                  " is older than the content here (version " +
                                                  std::to_string(*here) + ")");
    }

    const fs::path dir = incoming_dir(options.data_dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return failed(UpdateOutcome::failed, dir.string() + " cannot be made: " + ec.message());
    drop_other_downloads(dir, *manifest);

    auto bundle_url = net::resolve_url(options.manifest_url, manifest->bundle.url,
                                       options.fetch.allow_plain_http);
    if (!bundle_url) {
        state.etag = etag;
        return failed(UpdateOutcome::refused, "the bundle's URL: " + bundle_url.error());
    }
    const auto fetch_error = [&](const net::FetchError& e, const std::string& what) {
        // More bytes than the manifest says is the county's files being wrong: refused, and
        // not fetched again until the manifest changes. The rest may pass: tried next poll.
        const bool refused = e.kind == net::FetchError::too_large;
        if (refused) state.etag = etag;
        return failed(refused ? UpdateOutcome::refused : UpdateOutcome::failed,
                      what + ": " + e.message);
    };
    auto got = fetch_file(*bundle_url, manifest->bundle.sha256, manifest->bundle.size, options,
                          out.wire_bytes);
    if (!got) return fetch_error(got.error(), "the bundle");
    out.downloaded += *got;

    const fs::path installed_media = media_dir(options.data_dir);
    for (const auto& ref : manifest->media) {
        const std::string name = net::media_name(ref.sha256);
        if (fs::file_size(installed_media / name, ec) == ref.size && !ec) continue;
        auto url =
            net::resolve_url(options.manifest_url, "media/" + name, options.fetch.allow_plain_http);
        if (!url) return failed(UpdateOutcome::refused, "a media URL: " + url.error());
        auto media = fetch_file(*url, ref.sha256, ref.size, options, out.wire_bytes);
        if (!media) return fetch_error(media.error(), "media file " + name);
        out.downloaded += *media;
    }

    const UpdateFiles files{
        fetched->body, dir / net::media_name(manifest->bundle.sha256), {dir}, true};
    auto applied = apply_update(files, {options.data_dir, options.share_dir, options.trusted_keys,
                                        base::today_local(), options.at_step});
    state.etag = etag;
    if (!applied) {
        // Files that failed a check are no use: dropped, and this manifest is not fetched again
        // until the county changes it. This disk failing is not the county's doing: the
        // downloads stay and the next poll tries the same manifest again.
        if (applied.error().kind == ApplyError::Kind::storage) {
            state.etag.clear();
            return failed(UpdateOutcome::failed, applied.error().message);
        }
        fs::remove_all(dir, ec);
        return failed(UpdateOutcome::refused, applied.error().message);
    }
    fs::remove_all(dir, ec);
    base::log::info("content", "updated from version ", applied->from_version, " to ",
                    applied->manifest.version, ", ", out.downloaded, " bytes downloaded, ",
                    applied->media_added, " media files added");
    out.kind = UpdateOutcome::updated;
    out.version = applied->manifest.version;
    out.applied = std::move(*applied);
    return out;
}

}  // namespace

UpdaterOptions updater_options(const Config& config, const fs::path& share_dir,
                               std::vector<base::ed25519::PublicKey> trusted_keys,
                               std::function<void(std::string_view)> at_step) {
    UpdaterOptions options;
    options.data_dir = config.data_dir;
    options.share_dir = share_dir;
    options.manifest_url = config.update.manifest_url;
    options.trusted_keys = std::move(trusted_keys);
    if (at_step) {
        options.fetch.on_written = [at_step](std::uint64_t) { at_step("bytes-written"); };
    }
    options.at_step = std::move(at_step);
    return options;
}

UpdateOutcome check_for_update(const UpdaterOptions& options, UpdaterState& state) {
    if (!state.loaded) load_state(options, state);
    const std::string etag_before = state.etag;
    UpdateOutcome out = check(options, state);
    if (state.etag != etag_before) save_state(options, state.etag);
    return out;
}

}  // namespace kiosk::core
