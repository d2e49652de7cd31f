// Applying signed content: what is taken, and every way it is refused with the content that was
// there left in place and working.
#include "kiosk/core/content_store.hpp"

#include <sys/stat.h>

#include <doctest/doctest.h>

#include <fstream>

#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "support/signed_content.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace kiosk::core;

namespace {

const std::string kVideo(200'000, 'v');
const std::string kVoice(30'000, 'a');

struct Kiosk {
    test::TempDir dir{"content-store"};
    fs::path data = dir.path / "data";
    fs::path share = dir.path / "share";
    test::Publisher county{dir.path / "www", dir.path / "desk"};
    std::vector<base::ed25519::PublicKey> keys = {county.key.public_key()};

    Kiosk() {
        fs::create_directories(data);
        auto content = read_content_sources(fs::path(SOURCE_DIR) / "kiosk" / "content");
        REQUIRE(content);
        REQUIRE(write_bundle(*content, default_bundle_path(share)));
    }

    std::expected<Applied, ApplyError> apply(const test::Published& p,
                                             std::string manifest_text = "") {
        return apply_update({manifest_text.empty() ? p.manifest_text : manifest_text,
                             p.bundle,
                             {p.media_dir},
                             false},
                            {data, share, keys, base::Date{2026, 12, 1}, {}});
    }

    long long shown_version() const {
        auto active = load_active_content(data, share);
        REQUIRE_MESSAGE(active, active.error());
        CHECK(active->refused.empty());
        return active->content.info.version;
    }

    // Every file under the content folder, with its size: what a refusal must not change.
    std::map<std::string, std::uintmax_t> files() const {
        std::map<std::string, std::uintmax_t> out;
        for (const auto& e : fs::recursive_directory_iterator(content_dir(data))) {
            if (e.is_symlink()) {
                out[fs::relative(e.path(), data).string()] =
                    fs::read_symlink(e.path()).string().size();
            } else if (e.is_regular_file()) {
                out[fs::relative(e.path(), data).string()] = e.file_size();
            }
        }
        return out;
    }
};

}  // namespace

TEST_CASE("signed content is applied: the kiosk starts with it, media stored by hash") {
    Kiosk k;
    CHECK(k.shown_version() == 1);
    const auto v2 = k.county.publish(2, {{"dibao.video.mp4", kVideo}}, "二号通知");
    auto applied = k.apply(v2);
    REQUIRE_MESSAGE(applied, applied.error().message);
    CHECK(applied->from_version == 1);
    CHECK(applied->manifest.version == 2);
    CHECK(applied->media_added == 1);
    CHECK(applied->content.notices.at(0).title == "二号通知");
    CHECK(k.shown_version() == 2);
    CHECK(fs::read_symlink(content_dir(k.data) / "current") == "v2");
    const auto video = media_dir(k.data) / net::media_name(base::sha256(kVideo));
    CHECK(fs::file_size(video) == kVideo.size());
    auto active = load_active_content(k.data, k.share);
    REQUIRE(active);
    REQUIRE(active->manifest);
    CHECK(active->manifest->key_id == k.county.key.public_key().id());
    CHECK(current_version(k.data, k.share) == 2);
}

TEST_CASE("a notice change does not send the video again, and media no longer used go") {
    Kiosk k;
    REQUIRE(k.apply(k.county.publish(2, {{"dibao.video.mp4", kVideo}}, "二号通知")));
    const auto video = media_dir(k.data) / net::media_name(base::sha256(kVideo));
    struct stat before {};
    REQUIRE(::stat(video.c_str(), &before) == 0);

    // Only the notice changes: the video is neither copied nor touched.
    auto v3 = k.county.publish(3, {{"dibao.video.mp4", kVideo}}, "三号通知");
    fs::remove_all(v3.media_dir);  // the stick carries no media at all
    auto applied = k.apply(v3);
    REQUIRE_MESSAGE(applied, applied.error().message);
    CHECK(applied->media_added == 0);
    CHECK(applied->media_removed == 0);
    struct stat after {};
    REQUIRE(::stat(video.c_str(), &after) == 0);
    CHECK(after.st_ino == before.st_ino);
    CHECK(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);

    // A version with another recording instead: the video goes after the swap.
    auto v4 = k.county.publish(4, {{"dibao.voice.ogg", kVoice}}, "四号通知");
    applied = k.apply(v4);
    REQUIRE_MESSAGE(applied, applied.error().message);
    CHECK(applied->media_added == 1);
    CHECK(applied->media_removed == 1);
    CHECK_FALSE(fs::exists(video));
    CHECK(k.shown_version() == 4);
    CHECK_FALSE(fs::exists(content_dir(k.data) / "v3"));  // earlier versions are not kept
}

TEST_CASE("a county rotating its key: both keys trusted, content signed by either is taken") {
    Kiosk k;
    const auto old_key = k.county.key;
    REQUIRE(k.apply(k.county.publish(2)));
    k.county.key = base::ed25519::generate();
    k.keys = {old_key.public_key(), k.county.key.public_key()};
    REQUIRE(k.apply(k.county.publish(3)));
    CHECK(k.shown_version() == 3);
    k.keys = {k.county.key.public_key()};  // the old key retired
    k.county.key = old_key;
    auto refused = k.apply(k.county.publish(4));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("which this kiosk does not trust") != std::string::npos);
}

TEST_CASE("forged, old, expired, damaged and inconsistent content is refused, and v2 stays") {
    Kiosk k;
    REQUIRE(k.apply(k.county.publish(2, {{"dibao.video.mp4", kVideo}})));
    const auto before = k.files();
    std::string expected;  // a part of the reason
    std::expected<Applied, ApplyError> r = std::unexpected(ApplyError{});

    SUBCASE("a bad signature") {
        auto p = k.county.publish(3);
        auto m = p.value;
        m.signature[0] ^= 0xff;
        r = k.apply(p, net::manifest_json(m));
        expected = "the signature does not match";
    }
    SUBCASE("an unknown key") {
        k.county.key = base::ed25519::generate();
        r = k.apply(k.county.publish(3));
        expected = "which this kiosk does not trust";
    }
    SUBCASE("the same version") {
        r = k.apply(k.county.publish(2));
        expected = "version 2 is not newer than the content here (version 2)";
    }
    SUBCASE("an older version") {
        r = k.apply(k.county.publish(1));
        expected = "version 1 is not newer than the content here (version 2)";
    }
    SUBCASE("expired") {
        r = k.apply(k.county.publish(3, {}, "", {2026, 11, 30}));
        expected = "the content expired on 2026-11-30";
    }
    SUBCASE("a bundle longer than signed") {
        auto p = k.county.publish(3);
        std::ofstream(p.bundle, std::ios::app) << "x";
        r = k.apply(p);
        expected = "the bundle is " + std::to_string(p.value.bundle.size + 1) + " bytes";
    }
    SUBCASE("a truncated bundle") {
        auto p = k.county.publish(3);
        fs::resize_file(p.bundle, p.value.bundle.size / 2);
        r = k.apply(p);
        expected = "(cut short?)";
    }
    SUBCASE("a bundle with one byte changed") {
        auto p = k.county.publish(3);
        std::fstream f(p.bundle, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(5000);
        f.put('\x5a');
        f.close();
        r = k.apply(p);
        expected = "the bundle's SHA-256 is not the one in the manifest";
    }
    SUBCASE("a media file with one byte changed") {
        auto p = k.county.publish(3, {{"dibao.voice.ogg", kVoice}});
        const auto file = p.media_dir / net::media_name(base::sha256(kVoice));
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.put('b');
        f.close();
        r = k.apply(p);
        expected = "media file " + net::media_name(base::sha256(kVoice)) + "'s SHA-256";
    }
    SUBCASE("a media file cut short") {
        auto p = k.county.publish(3, {{"dibao.voice.ogg", kVoice}});
        fs::resize_file(p.media_dir / net::media_name(base::sha256(kVoice)), 100);
        r = k.apply(p);
        expected = "is 100 bytes; the manifest says 30000 (cut short?)";
    }
    SUBCASE("a media file missing") {
        auto p = k.county.publish(3, {{"dibao.voice.ogg", kVoice}});
        fs::remove(p.media_dir / net::media_name(base::sha256(kVoice)));
        r = k.apply(p);
        expected = "media file " + net::media_name(base::sha256(kVoice)) + " is missing";
    }
    SUBCASE("an edited manifest") {
        auto p = k.county.publish(3);
        auto text = p.manifest_text;
        text.replace(text.find("\"version\": 3"), 12, "\"version\": 9");
        r = k.apply(p, text);
        expected = "the signature does not match";
    }
    SUBCASE("a signed bundle that does not open") {
        auto p = k.county.publish(3);
        std::ofstream(p.bundle, std::ios::trunc) << "SQLite format 3 but not really";
        auto digest = base::sha256_file(p.bundle);
        p.value.bundle.size = digest->size;
        p.value.bundle.sha256 = digest->hash;
        net::sign_manifest(p.value, k.county.key);
        r = k.apply(p, net::manifest_json(p.value));
        expected = "the bundle cannot be used";
    }
    SUBCASE("a signed bundle whose own version is another") {
        auto p =
            k.county.publish(3, {}, "", {2099, 12, 31}, [](Content& c) { c.info.version = 9; });
        r = k.apply(p);
        expected = "the bundle inside is version 9, its manifest says 3";
    }
    SUBCASE("a signed bundle that uses media its manifest does not list") {
        auto p = k.county.publish(3, {{"dibao.voice.ogg", kVoice}});
        p.value.media.clear();
        net::sign_manifest(p.value, k.county.key);
        r = k.apply(p, net::manifest_json(p.value));
        expected = "the bundle uses media file dibao.voice.ogg that the manifest does not list";
    }
    SUBCASE("a manifest larger than the cap") {
        auto p = k.county.publish(3);
        r = k.apply(p, p.manifest_text + std::string(net::kMaxManifestBytes, ' '));
        expected = "the manifest is larger than 256 KiB";
    }
    SUBCASE("no trusted key") {
        k.keys.clear();
        r = k.apply(k.county.publish(3));
        expected = "this kiosk trusts no key yet";
    }

    REQUIRE_FALSE(r);
    CHECK_MESSAGE(r.error().message.find(expected) != std::string::npos, r.error().message);
    CHECK(r.error().kind == ApplyError::Kind::refused);
    CHECK(k.shown_version() == 2);
    CHECK(k.files() == before);
}

TEST_CASE("what an interrupted apply left behind is tidied, the current version kept") {
    Kiosk k;
    REQUIRE(k.apply(k.county.publish(2, {{"dibao.video.mp4", kVideo}})));
    fs::create_directories(content_dir(k.data) / ".staging-v3");
    fs::create_directories(content_dir(k.data) / "v3");
    std::ofstream(media_dir(k.data) / ".abc.tmp") << "half";
    std::ofstream(media_dir(k.data) / std::string(64, 'e')) << "from a version never swapped in";
    tidy_content_dir(k.data);
    CHECK_FALSE(fs::exists(content_dir(k.data) / ".staging-v3"));
    CHECK_FALSE(fs::exists(content_dir(k.data) / "v3"));
    CHECK_FALSE(fs::exists(media_dir(k.data) / ".abc.tmp"));
    CHECK_FALSE(fs::exists(media_dir(k.data) / std::string(64, 'e')));
    CHECK(fs::exists(media_dir(k.data) / net::media_name(base::sha256(kVideo))));
    CHECK(k.shown_version() == 2);
}

TEST_CASE("a damaged installed bundle falls back to the default but keeps the version floor") {
    Kiosk k;
    REQUIRE(k.apply(k.county.publish(3)));
    std::ofstream(installed_bundle_path(k.data), std::ios::trunc) << "damaged";
    auto active = load_active_content(k.data, k.share);
    REQUIRE(active);
    CHECK(active->content.info.version == 1);
    REQUIRE(active->refused.size() == 1);
    // Version 2 would still be a step back from what was installed.
    CHECK(current_version(k.data, k.share) == 3);
    auto refused = k.apply(k.county.publish(2));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("not newer") != std::string::npos);
    REQUIRE(k.apply(k.county.publish(4)));
    CHECK(k.shown_version() == 4);
}
