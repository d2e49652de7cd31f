// Signed content through kioskctl, as a county and a technician with a USB stick use it: keygen,
// bundle build/sign/verify, update apply, content info; a manifest signed with OpenSSL by the
// README's recipe; a kill -9 at every step of an apply; a disk that fills during one.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "net/content_manifest.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kCtl = std::string(BIN_DIR) + "/kioskctl";

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A county desk (keys, sources, published files) and a kiosk that trusts its key.
struct Setup {
    test::TempDir dir{"ctl-update"};
    fs::path keys = dir.path / "keys";
    fs::path www = dir.path / "www";
    fs::path data = dir.path / "data";
    fs::path config = dir.path / "kiosk.toml";

    Setup() {
        REQUIRE(run("keygen --out " + keys.string()).exit_code == 0);
        std::ofstream(config) << slurp(fs::path(TEST_DATA_DIR) / "config/test.toml")
                              << "\n[update]\ntrusted_keys = [\"" << (keys / "county.pub").string()
                              << "\"]\n";
    }

    test::Run run(const std::string& args, const std::string& shell_prefix = "") const {
        return test::run_command(shell_prefix + kCtl + " --config " + config.string() +
                                     " --data-dir " + data.string() + " " + args,
                                 dir.path / "stderr.txt");
    }

    // Sources for `version`, with the first notice titled `notice` and one recording.
    fs::path sources(int version, const std::string& notice = "新通知",
                     char recording = 'o') const {
        const fs::path src = dir.path / ("src-" + std::to_string(version));
        fs::remove_all(src);
        fs::copy(fs::path(SOURCE_DIR) / "kiosk" / "content", src, fs::copy_options::recursive);
        std::string bundle_toml = slurp(src / "bundle.toml");
        bundle_toml.replace(bundle_toml.find("version = 1"), 11,
                            "version = " + std::to_string(version));
        std::ofstream(src / "bundle.toml", std::ios::trunc) << bundle_toml;
        std::string notices = slurp(src / "notices.toml");
        const auto title = notices.find("title = \"");
        notices.replace(title + 9, notices.find('"', title + 9) - title - 9, notice);
        std::ofstream(src / "notices.toml", std::ios::trunc) << notices;
        fs::create_directories(src / "media");
        std::ofstream(src / "media" / "dibao.policy.ogg", std::ios::binary)
            << std::string(40'000, recording);
        return src;
    }

    // Builds and signs `version` into www/: manifest-<N>.json, content-<N>.bundle, media/.
    void publish(int version, const std::string& notice = "新通知", char recording = 'o') const {
        const auto bundle = www / ("content-" + std::to_string(version) + ".bundle");
        const auto built = run("bundle build " + sources(version, notice, recording).string() +
                               " " + bundle.string());
        REQUIRE_MESSAGE(built.exit_code == 0, built.err);
        const auto signed_ =
            run("bundle sign --key " + (keys / "county.key").string() + " --version " +
                std::to_string(version) + " --expires 2099-12-31 --out " +
                manifest(version).string() + " " + bundle.string());
        REQUIRE_MESSAGE(signed_.exit_code == 0, signed_.err);
    }
    fs::path manifest(int version) const {
        return www / ("manifest-" + std::to_string(version) + ".json");
    }
    fs::path bundle(int version) const {
        return www / ("content-" + std::to_string(version) + ".bundle");
    }
    test::Run apply(int version, const std::string& shell_prefix = "") const {
        return run("update apply " + manifest(version).string() + " " + bundle(version).string(),
                   shell_prefix);
    }
    std::string info() const {
        const auto r = run("content info");
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        CHECK_MESSAGE(r.err.find("not used") == std::string::npos, r.err);
        return r.out;
    }
};

}  // namespace

TEST_CASE("keygen writes county.key 0600 and county.pub, OpenSSL reads them, never overwrites") {
    Setup s;
    struct stat st {};
    REQUIRE(::stat((s.keys / "county.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((s.keys / "county.pub").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    const auto openssl = test::run_command(
        "openssl pkey -in " + (s.keys / "county.key").string() + " -pubout", s.dir.path / "e");
    CHECK(openssl.out == slurp(s.keys / "county.pub"));
    const std::string key_before = slurp(s.keys / "county.key");
    const auto again = s.run("keygen --out " + s.keys.string());
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("exists already; keys are never overwritten") != std::string::npos);
    CHECK(slurp(s.keys / "county.key") == key_before);
}

TEST_CASE("a county signs a bundle, and the kiosk verifies it, applies it and shows it") {
    Setup s;
    s.publish(2, "二〇二七年救助标准调整");
    CHECK(s.info().find("version:   1") != std::string::npos);

    const auto verified =
        s.run("bundle verify " + s.manifest(2).string() + " " + s.bundle(2).string());
    CHECK_MESSAGE(verified.exit_code == 0, verified.err);
    CHECK(verified.out.find("good: version 2 signed by key ") != std::string::npos);
    CHECK(verified.out.find("1 media files") != std::string::npos);

    const auto applied = s.apply(2);
    CHECK_MESSAGE(applied.exit_code == 0, applied.err);
    CHECK(applied.out.find("applied version 2 (was 1)") != std::string::npos);
    CHECK(applied.out.find("1 media files added") != std::string::npos);
    const auto info = s.info();
    CHECK(info.find("version:   2") != std::string::npos);
    CHECK(info.find("signed:    by key ") != std::string::npos);
    CHECK(info.find("expires:   2027-12-31") != std::string::npos);  // the bundle's own, earlier
    const auto shown = s.run("content list");
    CHECK(shown.exit_code == 0);

    // The same again, and an older one: refused, exit 1, version 2 stays.
    const auto same = s.apply(2);
    CHECK(same.exit_code == 1);
    CHECK(same.err ==
          "kioskctl: refused: version 2 is not newer than the content here (version 2) (the "
          "content here stays)\n");
    CHECK(s.info().find("version:   2") != std::string::npos);
}

TEST_CASE("bundle sign refuses a version the bundle does not carry and a date in the past") {
    Setup s;
    const auto bundle = s.dir.path / "c.bundle";
    REQUIRE(s.run("bundle build " + s.sources(3).string() + " " + bundle.string()).exit_code == 0);
    const std::string sign = "bundle sign --key " + (s.keys / "county.key").string() + " --out " +
                             (s.dir.path / "m.json").string() + " ";
    const auto wrong = s.run(sign + "--version 4 --expires 2099-01-01 " + bundle.string());
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.err.find("the bundle is version 3 (bundle.toml), not 4") != std::string::npos);
    const auto past = s.run(sign + "--version 3 --expires 2020-01-01 " + bundle.string());
    CHECK(past.exit_code == 2);
    CHECK(past.err.find("is in the past") != std::string::npos);
    CHECK_FALSE(fs::exists(s.dir.path / "m.json"));
}

TEST_CASE("a manifest signed with openssl over the README's canonical bytes is taken") {
    Setup s;
    s.publish(2);
    // The county's own tooling: the canonical lines written by hand, signed by openssl.
    const auto ours = net::parse_manifest(slurp(s.manifest(2)));
    REQUIRE(ours);
    auto m = *ours;
    m.published = "2026-12-01T10:00:00Z";  // another time than kioskctl wrote: signed anew
    std::string lines =
        "mingbai-content-manifest 1\nversion 2\npublished 2026-12-01T10:00:00Z\n"
        "expires 2099-12-31\nbundle " +
        std::to_string(m.bundle.size) + " " + net::media_name(m.bundle.sha256) +
        " content-2.bundle\n";
    for (const auto& f : m.media) {
        lines += "media " + net::media_name(f.sha256) + " " + std::to_string(f.size) + "\n";
    }
    std::ofstream(s.dir.path / "canonical.txt", std::ios::binary) << lines;
    const auto sig = test::run_command(
        "openssl pkeyutl -sign -rawin -inkey " + (s.keys / "county.key").string() + " -in " +
            (s.dir.path / "canonical.txt").string() + " | base64 -w0",
        s.dir.path / "e");
    REQUIRE(sig.exit_code == 0);
    std::string json = net::manifest_json(m);
    const auto at = json.find("\"value\": \"") + 10;
    json.replace(at, json.find('"', at) - at, sig.out);
    std::ofstream(s.manifest(2), std::ios::trunc) << json;

    const auto applied = s.apply(2);
    CHECK_MESSAGE(applied.exit_code == 0, applied.err);
    CHECK(s.info().find("version:   2") != std::string::npos);
}

TEST_CASE("a kill -9 at any step of an apply restarts into the old content or the new") {
    for (const std::string step :
         {"bundle-staged", "media-added", "staged", "version-in-place", "swapped", "tidied"}) {
        CAPTURE(step);
        Setup s;
        s.publish(2, "二号");
        s.publish(3, "三号", 'n');  // a new recording, so the apply adds a media file
        REQUIRE(s.apply(2).exit_code == 0);
        const auto killed = s.apply(3, "MINGBAI_TEST_KILL_AT=" + step + " ");
        CHECK(killed.exit_code != 0);
        CHECK(killed.out.find("applied") == std::string::npos);
        // What the kiosk would start with: one whole version, read without complaint.
        const auto info = s.info();
        const bool old_one = info.find("version:   2") != std::string::npos;
        const bool new_one = info.find("version:   3") != std::string::npos;
        CHECK(old_one != new_one);
        CHECK(new_one == (step == "swapped" || step == "tidied"));
        const auto listed = s.run("content show dibao");
        CHECK(listed.exit_code == 0);
        // Applying again finishes the job or says it is done; nothing half-made is left after.
        const auto again = s.apply(3);
        CHECK(again.exit_code == (new_one ? 1 : 0));
        CHECK(s.info().find("version:   3") != std::string::npos);
        std::set<std::string> names;
        for (const auto& e : fs::directory_iterator(s.data / "content")) {
            names.insert(e.path().filename().string());
        }
        if (!new_one)
            CHECK(names == std::set<std::string>{".apply.lock", "current", "media", "v3"});
    }
}

TEST_CASE("a disk that fills during an apply: refused in plain words, the old content stays") {
    Setup s;
    s.publish(2);
    s.publish(3);
    REQUIRE(s.apply(2).exit_code == 0);
    // Files may not grow past 32 KiB (ulimit -f counts 512-byte blocks): the bundle's copy fails
    // as on a full disk. SIGXFSZ is ignored, so the write fails rather than the process.
    const auto full = s.apply(3, "trap '' XFSZ; ulimit -f 64; exec ");
    CHECK(full.exit_code == 1);
    CHECK(full.err.find("kioskctl: could not apply: ") == 0);  // this disk, not the county's files
    CHECK(full.err.find("the disk is full") != std::string::npos);
    CHECK(full.err.find("(the content here stays)") != std::string::npos);
    CHECK(s.info().find("version:   2") != std::string::npos);
    for (const auto& e : fs::directory_iterator(s.data / "content")) {
        CHECK(e.path().filename().string().find("staging") == std::string::npos);
    }
    CHECK(s.apply(3).exit_code == 0);
}
