// kioskctl keygen, bundle sign|verify, update apply|check: the county signs content offline, and a
// kiosk (or a technician with a USB stick) takes it only through the checks of content_store.
// Exit codes: 0 done (or nothing new), 1 refused (the reason is printed; the content here stays),
// 2 cannot try (a file missing, no trusted key configured, bad arguments).
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/durable_file.hpp"
#include "base/ed25519.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/content_store.hpp"
#include "kiosk/core/content_updater.hpp"
#include "kiosk/core/data_paths.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {
namespace {

namespace fs = std::filesystem;

struct Options {
    std::string out_dir;
    std::string key_file, expires_text, url, out_file, bundle_file, manifest_file, media_dir;
    long long version = 0;
    std::vector<std::string> verify_keys;
    bool once = false;
};

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

int keygen(const Options& o) {
    const fs::path dir = o.out_dir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail(2, dir.string(), ": cannot be made: ", ec.message());
    const fs::path key_file = dir / "county.key";
    const fs::path pub_file = dir / "county.pub";
    // Never over an existing key: a county that loses its key must rotate, not overwrite.
    for (const auto& f : {key_file, pub_file}) {
        if (fs::exists(f, ec)) {
            return fail(2, f.string(), " exists already; keys are never overwritten");
        }
    }
    const auto key = base::ed25519::generate();
    // Written 0600 from its first byte (write_file_durably creates files so).
    if (auto ok = base::write_file_durably(key_file, base::ed25519::secret_key_pem(key).view());
        !ok) {
        return fail(2, ok.error());
    }
    const auto pub = key.public_key();
    if (auto ok = base::write_file_durably(pub_file, base::ed25519::public_key_pem(pub)); !ok) {
        return fail(2, ok.error());
    }
    ::chmod(pub_file.c_str(), 0644);
    std::cout << "key " << pub.id() << "\n"
              << "  private: " << key_file.string()
              << " (mode 0600; keep it offline, it signs what every kiosk shows)\n"
              << "  public:  " << pub_file.string()
              << " (copy it to each kiosk and name it in [update] trusted_keys)\n";
    return 0;
}

int sign(const Options& o) {
    auto key = base::ed25519::load_secret_key(o.key_file);
    if (!key) return fail(2, key.error());
    const auto expires = base::parse_date(o.expires_text);
    if (!expires)
        return fail(2, "--expires: expected a date as YYYY-MM-DD, got \"", o.expires_text, "\"");
    if (*expires < base::today_local()) {
        return fail(2, "--expires ", expires->to_string(),
                    " is in the past: kiosks would refuse it");
    }
    auto content = kiosk::core::load_bundle(o.bundle_file);
    if (!content) return fail(2, content.error());
    if (content->info.version != o.version) {
        return fail(2, "the bundle is version ", content->info.version, " (bundle.toml), not ",
                    o.version, ": build it with version = ", o.version, " or sign it as --version ",
                    content->info.version);
    }
    auto digest = base::sha256_file(o.bundle_file);
    if (!digest) return fail(2, digest.error());

    net::ContentManifest m;
    m.version = o.version;
    m.published = utc_now();
    m.expires = *expires;
    m.bundle.url = o.url.empty() ? fs::path(o.bundle_file).filename().string() : o.url;
    m.bundle.size = digest->size;
    m.bundle.sha256 = digest->hash;
    for (const auto& media : content->media) {
        const net::MediaRef ref{media.sha256, media.size};
        if (std::find(m.media.begin(), m.media.end(), ref) == m.media.end()) m.media.push_back(ref);
    }
    std::sort(m.media.begin(), m.media.end(),
              [](const net::MediaRef& a, const net::MediaRef& b) { return a.sha256 < b.sha256; });
    if (auto ok = net::check_fields(m); !ok) return fail(2, ok.error());
    net::sign_manifest(m, *key);
    if (auto ok = base::write_file_durably(o.out_file, net::manifest_json(m)); !ok) {
        return fail(2, ok.error());
    }
    std::cout << "signed " << o.out_file << ": version " << m.version << ", expires "
              << m.expires.to_string() << ", bundle " << m.bundle.size << " bytes, "
              << m.media.size() << " media files, key " << m.key_id << "\n";
    return 0;
}

// The manifest's text: exit 2 when there is no such file, 1 (refused) when it cannot be used.
std::expected<std::string, int> read_manifest(const std::string& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::unexpected(fail(2, file, ": no such file"));
    auto text = kiosk::core::read_manifest_file(file);
    if (!text) return std::unexpected(fail(1, "refused: ", text.error()));
    return std::move(*text);
}

// The media folder: --media, else media/ beside the bundle (how `bundle build` lays them out).
std::vector<fs::path> media_dirs(const Options& o) {
    if (!o.media_dir.empty()) return {o.media_dir};
    return {fs::path(o.bundle_file).parent_path() / "media"};
}

int verify(Session& s, const Options& o) {
    std::vector<base::ed25519::PublicKey> keys;
    for (const auto& file : o.verify_keys) {
        auto key = base::ed25519::load_public_key(file);
        if (!key) return fail(2, key.error());
        keys.push_back(*key);
    }
    if (keys.empty()) {
        const auto* c = s.config();
        if (!c) return 2;
        auto trusted = kiosk::core::load_trusted_keys(*c);
        if (!trusted) return fail(2, trusted.error());
        keys = std::move(*trusted);
        if (keys.empty())
            return fail(
                2, "no key to check with: give --key county.pub, or set [update] trusted_keys");
    }
    if (!fs::exists(o.bundle_file)) return fail(2, o.bundle_file, ": no such file");
    auto text = read_manifest(o.manifest_file);
    if (!text) return text.error();
    auto verified = kiosk::core::verify_update({*text, o.bundle_file, media_dirs(o), false},
                                               {keys, base::today_local(), std::nullopt}, {});
    if (!verified) return fail(1, "refused: ", verified.error());
    const auto& m = verified->manifest;
    std::cout << "good: version " << m.version << " signed by key " << verified->key.id()
              << ", published " << m.published << ", expires " << m.expires.to_string() << ", "
              << verified->content.items.size() << " items, " << m.media.size() << " media files\n";
    return 0;
}

int apply(Session& s, const Options& o) {
    const auto* c = s.config();
    if (!c || !s.data_dir_ready()) return 2;
    auto keys = kiosk::core::load_trusted_keys(*c);
    if (!keys) return fail(2, keys.error());
    if (!fs::exists(o.bundle_file)) return fail(2, o.bundle_file, ": no such file");
    auto text = read_manifest(o.manifest_file);
    if (!text) return text.error();
    auto applied = kiosk::core::apply_update(
        {*text, o.bundle_file, media_dirs(o), false},
        {c->data_dir, kiosk::core::share_dir(), *keys, base::today_local(), crash_hook()});
    if (!applied) {
        const bool refused = applied.error().kind == kiosk::core::ApplyError::Kind::refused;
        return fail(1, refused ? "refused: " : "could not apply: ", applied.error().message,
                    " (the content here stays)");
    }
    std::cout << "applied version " << applied->manifest.version << " (was "
              << applied->from_version << "), signed by key " << applied->key.id() << ", "
              << applied->media_added << " media files added, " << applied->media_removed
              << " removed\n";
    return 0;
}

int check_once(Session& s) {
    const auto* c = s.config();
    if (!c || !s.data_dir_ready()) return 2;
    if (c->update.manifest_url.empty())
        return fail(2, "no [update] manifest_url in the configuration");
    auto keys = kiosk::core::load_trusted_keys(*c);
    if (!keys) return fail(2, keys.error());
    kiosk::core::UpdaterState state;
    const auto outcome = kiosk::core::check_for_update(
        kiosk::core::updater_options(*c, kiosk::core::share_dir(), *keys, crash_hook()), state);
    switch (outcome.kind) {
        case kiosk::core::UpdateOutcome::nothing_new:
            std::cout << "nothing new: version " << outcome.version << " is current\n";
            return 0;
        case kiosk::core::UpdateOutcome::updated:
            std::cout << "updated to version " << outcome.version << " (" << outcome.downloaded
                      << " bytes downloaded)\n";
            return 0;
        case kiosk::core::UpdateOutcome::refused:
            return fail(1, "refused: ", outcome.message, " (the content here stays)");
        case kiosk::core::UpdateOutcome::failed:
            break;
    }
    return fail(1, "could not check: ", outcome.message, " (the content here stays)");
}

}  // namespace

void add_update_commands(CLI::App& cli, Session& s) {
    auto o = std::make_shared<Options>();
    CLI::App& bundle_cmd = *cli.get_subcommand("bundle");  // made by add_content_commands

    auto* keygen_cmd = cli.add_subcommand(
        "keygen", "Make the county's Ed25519 signing key pair: county.key (0600) and county.pub");
    keygen_cmd->add_option("--out", o->out_dir, "Folder to write them in")->required();
    on_run(keygen_cmd, s, [o] { return keygen(*o); });

    auto* sign_cmd = bundle_cmd.add_subcommand(
        "sign", "Write the signed manifest for a bundle (README: \"Content updates\")");
    sign_cmd->add_option("--key", o->key_file, "The county's private key (county.key)")->required();
    sign_cmd->add_option("--version", o->version, "The content version: above every earlier one")
        ->required()
        ->check(CLI::Range(1LL, 2'000'000'000LL));
    sign_cmd
        ->add_option("--expires", o->expires_text,
                     "Last day kiosks show it without warning staff (YYYY-MM-DD)")
        ->required();
    sign_cmd->add_option("--url", o->url,
                         "Where kiosks download the bundle (default: its file name, beside the "
                         "manifest)");
    sign_cmd->add_option("--out", o->out_file, "The manifest to write")->required();
    sign_cmd->add_option("BUNDLE", o->bundle_file, "The bundle file")->required();
    on_run(sign_cmd, s, [o] { return sign(*o); });

    auto* verify_cmd = bundle_cmd.add_subcommand(
        "verify", "Check a manifest and its bundle and media as a kiosk would (installs nothing)");
    verify_cmd->add_option("MANIFEST", o->manifest_file, "The manifest")->required();
    verify_cmd->add_option("BUNDLE", o->bundle_file, "The bundle file")->required();
    verify_cmd->add_option("--media", o->media_dir,
                           "Folder of media files named by SHA-256 (default: media/ beside the "
                           "bundle)");
    verify_cmd->add_option("--key", o->verify_keys,
                           "A public key to check with (default: [update] trusted_keys)");
    on_run(verify_cmd, s, [&s, o] { return verify(s, *o); });

    auto* update_cmd =
        cli.add_subcommand("update", "Take signed content: from files or the county");
    update_cmd->require_subcommand(1);
    auto* apply_cmd = update_cmd->add_subcommand(
        "apply", "Check and install a signed bundle (a USB stick, a download)");
    apply_cmd->add_option("MANIFEST", o->manifest_file, "The manifest")->required();
    apply_cmd->add_option("BUNDLE", o->bundle_file, "The bundle file")->required();
    apply_cmd->add_option("--media", o->media_dir,
                          "Folder of media files named by SHA-256 (default: media/ beside the "
                          "bundle)");
    on_run(apply_cmd, s, [&s, o] { return apply(s, *o); });
    auto* check_cmd = update_cmd->add_subcommand(
        "check", "Ask the county for new content now, download it and apply it");
    check_cmd->add_flag("--once", o->once, "One check, then exit (the only mode for now)")
        ->required();
    on_run(check_cmd, s, [&s] { return check_once(s); });
}

}  // namespace kioskctl
