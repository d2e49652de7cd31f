// Content delivered over HTTP as a county publishes it: plain static files behind Debian's nginx
// on loopback (and behind county-server --content-dir), fetched by `kioskctl update check --once`
// with the kiosk's own updater code. A poll with no news is one 304; a version that changes
// only a notice downloads no media again; forged and oversized files are refused after the
// smallest download that shows it; a kill -9 mid-download resumes with a Range request; a full
// disk refuses and keeps the content.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "net/county/server.hpp"
#include "support/nginx.hpp"
#include "support/run_command.hpp"
#include "support/signed_content.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kVideo(600'000, 'v');  // a short video, in many pieces on the wire
const std::string kVoice(30'000, 'a');

struct Delivery {
    test::TempDir dir{"delivery"};
    test::Publisher county{dir.path / "www", dir.path / "desk"};
    fs::path data = dir.path / "data";
    fs::path config = dir.path / "kiosk.toml";

    // The kiosk polls `manifest_url`.
    void configure(const std::string& manifest_url) const {
        std::ifstream base(fs::path(TEST_DATA_DIR) / "config/test.toml");
        std::ofstream(config) << base.rdbuf() << "\n[update]\nmanifest_url = \"" << manifest_url
                              << "\"\ntrusted_keys = [\"" << county.public_key_file().string()
                              << "\"]\n";
    }

    test::Run ctl(const std::string& args, const std::string& shell_prefix = "") const {
        return test::run_command(shell_prefix + std::string(BIN_DIR) + "/kioskctl --config " +
                                     config.string() + " --data-dir " + data.string() + " " + args,
                                 dir.path / "stderr.txt");
    }
    test::Run check(const std::string& shell_prefix = "") const {
        return ctl("update check --once", shell_prefix);
    }
    long long version() const {
        const auto r = ctl("content info");
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        CHECK_MESSAGE(r.err.find("not used") == std::string::npos, r.err);
        const auto at = r.out.find("version:   ");
        REQUIRE(at != std::string::npos);
        return std::stoll(r.out.substr(at + 11));
    }
};

std::vector<test::NginxRequest> since(const test::NginxServer& nginx, std::size_t from) {
    auto all = nginx.requests();
    return {all.begin() + static_cast<std::ptrdiff_t>(std::min(from, all.size())), all.end()};
}

int count_uri_prefix(const std::vector<test::NginxRequest>& rs, const std::string& prefix) {
    int n = 0;
    for (const auto& r : rs) n += r.uri.starts_with(prefix) ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE(
    "published through nginx: picked up, a no-news poll is one 304, a notice change sends "
    "no media") {
    Delivery d;
    d.county.publish(2, {{"dibao.video.mp4", kVideo}}, "二号通知");
    auto nginx = test::NginxServer::start(d.county.root);
    REQUIRE_MESSAGE(nginx, (nginx ? "" : nginx.error()));
    d.configure(nginx->url() + "/manifest.json");

    auto r = d.check();
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.starts_with("updated to version 2"));
    CHECK(d.version() == 2);
    auto rs = nginx->requests_when(3);
    REQUIRE(rs.size() == 3);
    CHECK(rs[0].uri == "/manifest.json");
    CHECK(rs[1].uri == "/content-2.bundle");
    CHECK(rs[2].uri.starts_with("/media/"));
    CHECK(rs[2].body_bytes == kVideo.size());

    // Nothing new: one request, answered 304 with no body.
    r = d.check();
    CHECK(r.exit_code == 0);
    CHECK(r.out == "nothing new: version 2 is current\n");
    rs = since(*nginx, 3);
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].status == 304);
    CHECK(rs[0].body_bytes == 0);

    // Version 3 changes a notice: the manifest and the bundle come, the video does not.
    d.county.publish(3, {{"dibao.video.mp4", kVideo}}, "三号通知");
    r = d.check();
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.starts_with("updated to version 3"));
    rs = since(*nginx, 4);
    CHECK(rs.size() == 2);
    CHECK(count_uri_prefix(rs, "/media/") == 0);
    CHECK(count_uri_prefix(rs, "/content-3.bundle") == 1);
    CHECK(d.version() == 3);
    const auto shown = d.ctl("content info");
    CHECK(shown.out.find("signed:    by key " + d.county.key.public_key().id()) !=
          std::string::npos);
}

TEST_CASE(
    "forged, rolled back and oversized content on the server is refused, and the kiosk keeps "
    "its own") {
    Delivery d;
    d.county.publish(2);
    auto nginx = test::NginxServer::start(d.county.root);
    REQUIRE(nginx);
    d.configure(nginx->url() + "/manifest.json");
    REQUIRE(d.check().exit_code == 0);
    std::size_t seen = nginx->requests_when(2).size();
    std::string expected;
    std::size_t expected_requests = 1;  // the manifest only: nothing else is fetched
    bool etag_kept = true;              // the next poll is a 304

    SUBCASE("a manifest edited on the server") {
        d.county.publish(3);
        auto text = d.county.publish(3).manifest_text;
        text.replace(text.find("\"version\": 3"), 12, "\"version\": 7");
        std::ofstream(d.county.root / "manifest.json", std::ios::trunc) << text;
        d.county.stamp(d.county.root / "manifest.json");
        expected = "the signature does not match";
    }
    SUBCASE("signed by a key the kiosk does not trust") {
        d.county.key = base::ed25519::generate();
        d.county.publish(3);
        expected = "which this kiosk does not trust";
    }
    SUBCASE("an older version put back") {
        d.county.publish(1);
        expected = "version 1 is older than the content here (version 2)";
    }
    SUBCASE("a manifest larger than the cap") {
        std::ofstream(d.county.root / "manifest.json", std::ios::trunc)
            << std::string(net::kMaxManifestBytes + 10, ' ');
        d.county.stamp(d.county.root / "manifest.json");
        expected = "manifest too large";
        etag_kept = false;  // never read whole, so never taken as seen
    }
    SUBCASE("a bundle on the server larger than the manifest says") {
        auto p = d.county.publish(3);
        std::ofstream(p.bundle, std::ios::app) << std::string(5000, 'x');
        expected = "larger";
        expected_requests = 2;
    }
    SUBCASE("a bundle on the server replaced by another of the same size") {
        auto p = d.county.publish(3);
        std::fstream f(p.bundle, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096);
        f.put('\x01');
        f.close();
        expected = "SHA-256 is not the one in the manifest";
        expected_requests = 2;
    }

    const auto r = d.check();
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.err.find(expected) != std::string::npos, r.err);
    CHECK(r.err.find("(the content here stays)") != std::string::npos);
    CHECK(d.version() == 2);
    CHECK(since(*nginx, seen).size() == expected_requests);
    seen = nginx->requests().size();
    if (!etag_kept) return;
    // The same bad files are not fetched and refused again each poll: one 304.
    const auto again = d.check();
    CHECK(again.exit_code == 0);
    const auto rs = since(*nginx, seen);
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].status == 304);
}

TEST_CASE(
    "a kill -9 in the middle of a download: the old content starts, the next check "
    "resumes with Range") {
    Delivery d;
    d.county.publish(2, {{"dibao.voice.ogg", kVoice}});
    auto nginx = test::NginxServer::start(d.county.root);
    REQUIRE(nginx);
    d.configure(nginx->url() + "/manifest.json");
    REQUIRE(d.check().exit_code == 0);
    d.county.publish(3, {{"dibao.video.mp4", kVideo}});
    const std::size_t seen = nginx->requests().size();

    // Killed after the third piece of the video has been written (the bundle took fewer).
    for (const std::string at : {"downloaded:1", "bytes-written:8"}) {
        CAPTURE(at);
        const auto killed = d.check("MINGBAI_TEST_KILL_AT=" + at + " ");
        CHECK(killed.exit_code != 0);
        CHECK(d.version() == 2);
    }
    const auto r = d.check();
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(d.version() == 3);
    const auto rs = since(*nginx, seen);
    // The bundle came once; the video's last request asked for the rest only.
    CHECK(count_uri_prefix(rs, "/content-3.bundle") == 1);
    const auto& last = rs.back();
    CHECK(last.uri.starts_with("/media/"));
    CHECK(last.status == 206);
    CHECK(last.range.starts_with("bytes="));
    CHECK(last.body_bytes < kVideo.size());
    CHECK_FALSE(fs::exists(d.data / "content" / "incoming"));
}

TEST_CASE("a disk that fills during a download: the check fails plainly, the content stays") {
    Delivery d;
    d.county.publish(2);
    auto nginx = test::NginxServer::start(d.county.root);
    REQUIRE(nginx);
    d.configure(nginx->url() + "/manifest.json");
    REQUIRE(d.check().exit_code == 0);
    d.county.publish(3, {{"dibao.video.mp4", kVideo}});
    // Files may not pass 256 KiB (ulimit -f counts 512-byte blocks): the video cannot land.
    const auto full = d.check("ulimit -f 512; exec ");
    CHECK(full.exit_code == 1);
    CHECK_MESSAGE(full.err.find("the disk is full") != std::string::npos, full.err);
    CHECK(full.err.find("(the content here stays)") != std::string::npos);
    CHECK(d.version() == 2);
    // With room again, the next check finishes it.
    CHECK(d.check().exit_code == 0);
    CHECK(d.version() == 3);
}

TEST_CASE("county-server --content-dir serves the same files: a kiosk updates from it") {
    Delivery d;
    d.county.publish(2, {{"dibao.voice.ogg", kVoice}}, "县里发布");
    county::CountyServerOptions options;
    options.db = d.dir.path / "county.db";
    options.content_dir = d.county.root;
    auto server = county::CountyServer::start(options);
    REQUIRE_MESSAGE(server, (server ? "" : server.error()));
    d.configure((*server)->url() + "/content/manifest.json");
    auto r = d.check();
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(d.version() == 2);
    r = d.check();
    CHECK(r.out == "nothing new: version 2 is current\n");
}
