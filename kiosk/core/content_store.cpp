// Installed content: checks, staging, the atomic swap and tidying.
#include "kiosk/core/content_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <set>
#include <system_error>

#include "base/durable_file.hpp"
#include "base/log.hpp"
#include "base/posix_error.hpp"
#include "kiosk/core/bundle_reader.hpp"

namespace kiosk::core {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBundleName = "content.bundle";
constexpr std::string_view kManifestName = "manifest.json";
constexpr std::string_view kCurrent = "current";

std::string version_dir_name(long long version) {
    return "v" + std::to_string(version);
}

// "v7" -> 7; anything else -> nullopt.
std::optional<long long> version_of_dir(std::string_view name) {
    if (name.size() < 2 || name[0] != 'v') return std::nullopt;
    long long v = 0;
    const auto r = std::from_chars(name.data() + 1, name.data() + name.size(), v);
    if (r.ec != std::errc{} || r.ptr != name.data() + name.size() || v < 1) return std::nullopt;
    return v;
}

// One apply at a time on a data folder: the kiosk's updater and kioskctl may both try.
class ApplyLock {
  public:
    // `wait` false: not held when another has it (tidying can wait for the next start).
    explicit ApplyLock(const fs::path& dir, bool wait = true) {
        fd_ = ::open((dir / ".apply.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0) return;
        int rc;
        while ((rc = ::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {
        }
        if (rc != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~ApplyLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    ApplyLock(const ApplyLock&) = delete;
    ApplyLock& operator=(const ApplyLock&) = delete;
    bool held() const { return fd_ >= 0; }

  private:
    int fd_ = -1;
};

}  // namespace

std::expected<std::string, std::string> read_manifest_file(const fs::path& file) {
    constexpr std::size_t cap = net::kMaxManifestBytes;
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) return std::unexpected(file.string() + ": cannot be read: " + ec.message());
    if (size > cap) {
        return std::unexpected(file.string() + ": the manifest is larger than " +
                               std::to_string(cap / 1024) + " KiB");
    }
    std::ifstream in(file, std::ios::binary);
    std::string text(size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (!in) return std::unexpected(file.string() + ": could not be read");
    return text;
}

std::expected<UpdateFiles, std::string> update_files_in_folder(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return std::unexpected(dir.string() + ": no such folder (is the USB stick in?)");
    }
    auto text = read_manifest_file(dir / "manifest.json");
    if (!text) return std::unexpected(text.error());
    auto manifest = net::parse_manifest(*text);
    if (!manifest)
        return std::unexpected((dir / "manifest.json").string() + ": " + manifest.error());
    // The bundle under the last part of its address, as `bundle sign --url` named it.
    const std::string& url = manifest->bundle.url;
    const std::string name = url.substr(url.find_last_of('/') + 1);
    if (name.empty() || name == "." || name == "..") {
        return std::unexpected("the manifest names no bundle file");
    }
    const fs::path bundle = dir / name;
    if (!fs::is_regular_file(bundle, ec)) {
        return std::unexpected(bundle.string() + ": not there beside manifest.json");
    }
    return UpdateFiles{std::move(*text), bundle, {dir / "media", dir}, false};
}

namespace {

// Where a media file is: installed already (right size), else in one of `dirs`; the bool says
// whether it is installed.
std::optional<std::pair<fs::path, bool>> find_media(const net::MediaRef& ref,
                                                    const std::vector<fs::path>& dirs,
                                                    const fs::path& installed) {
    const std::string name = net::media_name(ref.sha256);
    std::error_code ec;
    if (!installed.empty() && fs::file_size(installed / name, ec) == ref.size && !ec) {
        return std::pair{installed / name, true};
    }
    for (const auto& dir : dirs) {
        if (fs::is_regular_file(dir / name, ec)) return std::pair{dir / name, false};
    }
    return std::nullopt;
}

// Size first (cheap, and it names a truncated file as such), then the hash.
std::expected<void, std::string> check_file(const fs::path& file, std::uint64_t size,
                                            const base::Sha256& sha256, std::string_view what) {
    std::error_code ec;
    const auto actual = fs::file_size(file, ec);
    if (ec) return std::unexpected(std::string(what) + " cannot be read: " + ec.message());
    if (actual != size) {
        return std::unexpected(std::string(what) + " is " + std::to_string(actual) +
                               " bytes; the manifest says " + std::to_string(size) +
                               (actual < size ? " (cut short?)" : ""));
    }
    auto digest = base::sha256_file(file);
    if (!digest) return std::unexpected(digest.error());
    if (digest->hash != sha256) {
        return std::unexpected(std::string(what) +
                               "'s SHA-256 is not the one in the manifest: it is not the file "
                               "the county signed");
    }
    return {};
}

// The content checks `bundle build` makes, on a bundle that has opened, and what ties it to its
// manifest: the same version, and only media the manifest lists.
std::expected<Content, std::string> check_bundle(const fs::path& bundle,
                                                 const net::ContentManifest& manifest) {
    auto content = load_bundle(bundle);
    if (!content) return std::unexpected("the bundle cannot be used: " + content.error());
    if (content->info.version != manifest.version) {
        return std::unexpected("the bundle inside is version " +
                               std::to_string(content->info.version) + ", its manifest says " +
                               std::to_string(manifest.version));
    }
    std::set<base::Sha256> listed;
    for (const auto& m : manifest.media) listed.insert(m.sha256);
    for (const auto& m : content->media) {
        if (!listed.contains(m.sha256)) {
            return std::unexpected("the bundle uses media file " + m.name +
                                   " that the manifest does not list");
        }
    }
    return content;
}

void remove_quietly(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) base::log::warn("content", "could not remove ", path.string(), ": ", ec.message());
}

// With the lock held.
int tidy(const fs::path& data_dir, const std::optional<net::ContentManifest>& current,
         long long current_version) {
    const fs::path dir = content_dir(data_dir);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const auto v = version_of_dir(name);
        const bool stale_version = v && *v != current_version;
        const bool leftover = name.starts_with(".staging") || name == "current.new";
        if (stale_version || leftover) remove_quietly(entry.path());
    }
    std::set<std::string> used;
    if (current) {
        for (const auto& m : current->media) used.insert(net::media_name(m.sha256));
    }
    int removed = 0;
    for (const auto& entry : fs::directory_iterator(media_dir(data_dir), ec)) {
        if (!used.contains(entry.path().filename().string())) {
            remove_quietly(entry.path());
            ++removed;
        }
    }
    return removed;
}

}  // namespace

fs::path content_dir(const fs::path& data_dir) {
    return data_dir / "content";
}
fs::path media_dir(const fs::path& data_dir) {
    return content_dir(data_dir) / "media";
}
fs::path incoming_dir(const fs::path& data_dir) {
    return content_dir(data_dir) / "incoming";
}

fs::path installed_bundle_path(const fs::path& data_dir) {
    return content_dir(data_dir) / kCurrent / kBundleName;
}

std::expected<ActiveContent, std::string> load_active_content(const fs::path& data_dir,
                                                              const fs::path& share_dir) {
    ActiveContent active;
    std::error_code ec;
    const fs::path installed = installed_bundle_path(data_dir);
    if (fs::exists(installed, ec)) {
        auto content = load_bundle(installed);
        auto manifest = installed_manifest(data_dir);
        if (content && manifest && *manifest) {
            active.content = std::move(*content);
            active.source = installed;
            active.manifest = std::move(**manifest);
            active.content.info.expiry_date =
                std::min(active.content.info.expiry_date, active.manifest->expires);
            return active;
        }
        active.refused.push_back(!content    ? content.error()
                                 : !manifest ? manifest.error()
                                             : installed.string() + ": no manifest beside it");
    }
    auto content = load_bundle(default_bundle_path(share_dir));
    if (content) {
        active.content = std::move(*content);
        active.source = default_bundle_path(share_dir);
        return active;
    }
    active.refused.push_back(content.error());
    std::string why;
    for (const auto& r : active.refused) why += (why.empty() ? "" : "; ") + r;
    return std::unexpected("no usable content bundle: " + why);
}

std::expected<std::vector<base::ed25519::PublicKey>, std::string> load_trusted_keys(
    const Config& config) {
    std::vector<base::ed25519::PublicKey> keys;
    for (const auto& path : config.update.trusted_keys) {
        auto key = base::ed25519::load_public_key(path);
        if (!key) return std::unexpected(key.error());
        keys.push_back(*key);
    }
    return keys;
}

std::expected<std::optional<net::ContentManifest>, std::string> installed_manifest(
    const fs::path& data_dir) {
    const fs::path file = content_dir(data_dir) / kCurrent / kManifestName;
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::nullopt;
    auto text = read_manifest_file(file);
    if (!text) return std::unexpected(text.error());
    auto manifest = net::parse_manifest(*text);
    if (!manifest) return std::unexpected(file.string() + ": " + manifest.error());
    return std::optional(std::move(*manifest));
}

std::expected<long long, std::string> current_version(const fs::path& data_dir,
                                                      const fs::path& share_dir) {
    // The link's own name first: it holds the version even when the files behind it are
    // damaged, so a damaged install cannot open the door to an older version.
    std::error_code ec;
    const auto target = fs::read_symlink(content_dir(data_dir) / kCurrent, ec);
    if (!ec) {
        if (const auto v = version_of_dir(target.filename().string())) return *v;
    }
    auto manifest = installed_manifest(data_dir);
    if (manifest && *manifest) return (*manifest)->version;
    auto fallback = load_bundle(default_bundle_path(share_dir));
    if (!fallback) return std::unexpected(fallback.error());
    return fallback->info.version;
}

std::expected<net::ContentManifest, std::string> check_manifest(std::string_view manifest_text,
                                                                const UpdateChecks& checks) {
    auto manifest = net::parse_manifest(manifest_text);
    if (!manifest) return std::unexpected("the manifest cannot be read: " + manifest.error());
    if (checks.trusted_keys.empty()) {
        return std::unexpected(
            "this kiosk trusts no key yet: name the county's public key in "
            "[update] trusted_keys");
    }
    auto key = net::check_signature(*manifest, checks.trusted_keys);
    if (!key) return std::unexpected(key.error());
    if (checks.above_version && manifest->version <= *checks.above_version) {
        return std::unexpected("version " + std::to_string(manifest->version) +
                               " is not newer than the content here (version " +
                               std::to_string(*checks.above_version) + ")");
    }
    if (manifest->expires < checks.today) {
        return std::unexpected("the content expired on " + manifest->expires.to_string());
    }
    return manifest;
}

std::expected<VerifiedUpdate, std::string> verify_update(const UpdateFiles& files,
                                                         const UpdateChecks& checks,
                                                         const fs::path& data_dir) {
    auto manifest = check_manifest(files.manifest_text, checks);
    if (!manifest) return std::unexpected(manifest.error());
    if (auto ok =
            check_file(files.bundle, manifest->bundle.size, manifest->bundle.sha256, "the bundle");
        !ok) {
        return std::unexpected(ok.error());
    }
    for (const auto& ref : manifest->media) {
        const std::string name = net::media_name(ref.sha256);
        const auto found =
            find_media(ref, files.media_dirs, data_dir.empty() ? fs::path() : media_dir(data_dir));
        if (!found) return std::unexpected("media file " + name + " is missing");
        if (found->second) continue;  // installed, checked when it was
        if (auto ok = check_file(found->first, ref.size, ref.sha256, "media file " + name); !ok) {
            return std::unexpected(ok.error());
        }
    }
    auto content = check_bundle(files.bundle, *manifest);
    if (!content) return std::unexpected(content.error());
    auto key = net::check_signature(*manifest, checks.trusted_keys);
    return VerifiedUpdate{std::move(*manifest), *key, std::move(*content)};
}

std::expected<Applied, ApplyError> apply_update(const UpdateFiles& files,
                                                const ApplyOptions& options) {
    const auto step = [&](std::string_view name) {
        if (options.at_step) options.at_step(name);
    };
    // The county's files failing a check is a refusal; this disk failing is worth another try.
    const auto refused = [](std::string why) {
        return std::unexpected(ApplyError{ApplyError::Kind::refused, std::move(why)});
    };
    const auto storage = [](std::string why) {
        return std::unexpected(ApplyError{ApplyError::Kind::storage, std::move(why)});
    };
    const fs::path dir = content_dir(options.data_dir);
    std::error_code ec;
    fs::create_directories(media_dir(options.data_dir), ec);
    if (ec) return storage(dir.string() + " cannot be made: " + ec.message());
    ApplyLock lock(dir);
    if (!lock.held()) return storage(dir.string() + ": cannot take the update lock");

    auto from = current_version(options.data_dir, options.share_dir);
    if (!from) return storage(from.error());
    auto manifest = check_manifest(files.manifest_text,
                                   {options.trusted_keys, options.today, std::optional(*from)});
    if (!manifest) return refused(manifest.error());

    // The bundle is staged first and checked there, so a file that changes under us (a stick
    // pulled, a download still being written) is caught by the hash of what will be used.
    const fs::path staging = dir / (".staging-" + version_dir_name(manifest->version));
    remove_quietly(staging);
    fs::create_directories(staging, ec);
    if (ec) return storage(staging.string() + " cannot be made: " + ec.message());
    const auto give_up = [&](ApplyError::Kind kind, std::string why) {
        remove_quietly(staging);
        return std::unexpected(ApplyError{kind, std::move(why)});
    };
    constexpr auto refusal = ApplyError::Kind::refused;
    constexpr auto storage_error = ApplyError::Kind::storage;
    const fs::path staged_bundle = staging / kBundleName;
    if (files.take_files) {
        fs::rename(files.bundle, staged_bundle, ec);
        if (ec)
            return give_up(storage_error, "the bundle cannot be moved into place: " + ec.message());
    } else if (auto ok = base::copy_file_synced(files.bundle, staged_bundle); !ok) {
        return give_up(storage_error, "the bundle cannot be copied: " + ok.error());
    }
    step("bundle-staged");
    if (auto ok =
            check_file(staged_bundle, manifest->bundle.size, manifest->bundle.sha256, "the bundle");
        !ok) {
        return give_up(refusal, ok.error());
    }
    auto content = check_bundle(staged_bundle, *manifest);
    if (!content) return give_up(refusal, content.error());

    // Media: what is not here yet goes in under a temporary name, is checked there, then takes
    // its own. A file already here was checked when it came.
    int added = 0;
    for (const auto& ref : manifest->media) {
        const std::string name = net::media_name(ref.sha256);
        const auto found = find_media(ref, files.media_dirs, media_dir(options.data_dir));
        if (!found) return give_up(refusal, "media file " + name + " is missing");
        if (found->second) continue;
        const fs::path tmp = media_dir(options.data_dir) / ("." + name + ".tmp");
        if (files.take_files) {
            fs::rename(found->first, tmp, ec);
            if (ec)
                return give_up(storage_error,
                               "media file " + name + " cannot be moved: " + ec.message());
        } else if (auto ok = base::copy_file_synced(found->first, tmp); !ok) {
            fs::remove(tmp, ec);
            return give_up(storage_error,
                           "media file " + name + " cannot be copied: " + ok.error());
        }
        if (auto ok = check_file(tmp, ref.size, ref.sha256, "media file " + name); !ok) {
            fs::remove(tmp, ec);
            return give_up(refusal, ok.error());
        }
        fs::rename(tmp, media_dir(options.data_dir) / name, ec);
        if (ec)
            return give_up(storage_error,
                           "media file " + name + " cannot be put in place: " + ec.message());
        ++added;
        step("media-added");
    }
    if (auto ok = base::sync_path(media_dir(options.data_dir)); !ok)
        return give_up(storage_error, ok.error());

    if (auto ok = base::write_file_durably(staging / kManifestName, files.manifest_text); !ok) {
        return give_up(storage_error, "the manifest cannot be stored: " + ok.error());
    }
    if (auto ok = base::sync_path(staged_bundle); !ok) return give_up(storage_error, ok.error());
    step("staged");

    // The version's folder takes its name, then the link moves to it: rename(2) replaces the
    // old link in one step, so a start at any moment finds one whole version or the other.
    const fs::path version_dir = dir / version_dir_name(manifest->version);
    remove_quietly(version_dir);
    fs::rename(staging, version_dir, ec);
    if (ec)
        return give_up(storage_error, "the new content cannot be put in place: " + ec.message());
    if (auto ok = base::sync_path(dir); !ok) return storage(ok.error());
    step("version-in-place");
    const fs::path link = dir / "current.new";
    fs::remove(link, ec);
    fs::create_directory_symlink(version_dir.filename(), link, ec);
    if (ec) return storage("the new content cannot be linked: " + ec.message());
    fs::rename(link, dir / kCurrent, ec);
    if (ec) return storage("the new content cannot be switched to: " + ec.message());
    if (auto ok = base::sync_path(dir); !ok) return storage(ok.error());
    step("swapped");

    Applied applied;
    applied.from_version = *from;
    applied.key = *net::check_signature(*manifest, options.trusted_keys);
    applied.media_added = added;
    applied.media_removed = tidy(options.data_dir, *manifest, manifest->version);
    content->info.expiry_date = std::min(content->info.expiry_date, manifest->expires);
    applied.manifest = std::move(*manifest);
    applied.content = std::move(*content);
    step("tidied");
    return applied;
}

void tidy_content_dir(const fs::path& data_dir) {
    const fs::path dir = content_dir(data_dir);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    ApplyLock lock(dir, false);
    if (!lock.held()) return;  // an apply under way tidies after itself
    auto manifest = installed_manifest(data_dir);
    if (!manifest) return;  // leave everything as it is; the start logs the problem
    const long long version = *manifest ? (**manifest).version : 0;
    const int removed = tidy(data_dir, *manifest, version);
    if (removed > 0) base::log::info("content", removed, " media files no longer used removed");
}

}  // namespace kiosk::core
