// A county's publishing desk for tests: builds versions of the default content (one notice
// edited per version, media files of the test's choosing), writes each bundle with its media
// (named by SHA-256) and its signed manifest into a folder laid out as a web server would serve
// it: manifest.json, content-<N>.bundle, media/<sha256>.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "base/ed25519.hpp"
#include "kiosk/core/bundle_builder.hpp"
#include "net/content_manifest.hpp"

namespace test {

struct Published {
    std::filesystem::path manifest;   // <root>/manifest.json
    std::filesystem::path bundle;     // <root>/content-<N>.bundle
    std::filesystem::path media_dir;  // <root>/media
    std::string manifest_text;
    net::ContentManifest value;
};

struct Publisher {
    std::filesystem::path root;  // what the web server serves
    std::filesystem::path work;  // sources are edited here
    base::ed25519::SecretKey key = base::ed25519::generate();

    Publisher(std::filesystem::path root_dir, std::filesystem::path work_dir)
        : root(std::move(root_dir)), work(std::move(work_dir)) {
        std::filesystem::create_directories(root);
        std::filesystem::create_directories(work);
    }

    // Writes the public key where a kiosk's config can name it.
    std::filesystem::path public_key_file(const std::string& name = "county.pub") const {
        const auto file = work / name;
        std::ofstream(file) << base::ed25519::public_key_pem(key.public_key());
        return file;
    }

    // Version `version` of the default content, with `notice` as the first notice's title and
    // these media files (name -> bytes). `edit` may change the content before it is written.
    Published publish(long long version, const std::map<std::string, std::string>& media = {},
                      const std::string& notice = "", base::Date expires = {2099, 12, 31},
                      const std::function<void(kiosk::core::Content&)>& edit = {}) {
        const auto src = work / ("src-" + std::to_string(version));
        std::filesystem::remove_all(src);
        std::filesystem::copy(std::filesystem::path(SOURCE_DIR) / "kiosk" / "content", src,
                              std::filesystem::copy_options::recursive);
        for (const auto& [name, bytes] : media) {
            std::filesystem::create_directories(src / "media");
            std::ofstream(src / "media" / name, std::ios::binary) << bytes;
        }
        auto content = kiosk::core::read_content_sources(src);
        REQUIRE_MESSAGE(content, content.error().describe());
        content->info.version = version;
        if (!notice.empty()) content->notices.at(0).title = notice;
        if (edit) edit(*content);
        Published p;
        p.bundle = root / ("content-" + std::to_string(version) + ".bundle");
        p.media_dir = root / "media";
        p.manifest = root / "manifest.json";
        REQUIRE(kiosk::core::write_bundle(*content, p.bundle));
        REQUIRE(kiosk::core::export_media(*content, src, p.media_dir));
        auto digest = base::sha256_file(p.bundle);
        REQUIRE(digest);
        net::ContentManifest& m = p.value;
        m.version = version;
        m.published = "2026-12-01T08:00:00Z";
        m.expires = expires;
        m.bundle = {p.bundle.filename().string(), digest->size, digest->hash};
        for (const auto& f : content->media) m.media.push_back({f.sha256, f.size});
        std::sort(m.media.begin(), m.media.end(),
                  [](const auto& a, const auto& b) { return a.sha256 < b.sha256; });
        net::sign_manifest(m, key);
        p.manifest_text = net::manifest_json(m);
        std::ofstream(p.manifest, std::ios::binary | std::ios::trunc) << p.manifest_text;
        stamp(p.manifest);
        return p;
    }

    // Gives a rewritten file a modification time of its own. nginx's ETag is the time in whole
    // seconds and the size: two manifests of one size written within a second would look the
    // same to a poll (a county publishes minutes apart, a test within milliseconds).
    void stamp(const std::filesystem::path& file) {
        std::filesystem::last_write_time(
            file, std::filesystem::file_time_type::clock::now() + std::chrono::seconds(++stamps_));
    }

  private:
    int stamps_ = 0;
};

}  // namespace test
