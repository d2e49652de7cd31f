// Content updates, measured: checking and swapping in a 10 MB signed bundle, the HTTP bytes of a
// poll that finds nothing new (against county-server --content-dir, and Debian's nginx when it
// is installed), the heartbeat's bytes, and what a kiosk costs the county's line per day at a
// 15-minute poll. Prints rows of the README's figures table.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "base/sqlite.hpp"
#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/content_store.hpp"
#include "net/api.hpp"
#include "net/content_fetch.hpp"
#include "net/county/server.hpp"
#include "net/http_client.hpp"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string fixed(double v, int digits) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Version `version` of the default content, padded to about 10 MB with a table a reader of the
// bundle ignores (incompressible bytes, as pictures inside a bundle would be), signed.
struct Signed {
    fs::path bundle;
    std::string manifest;
};
Signed publish(const kiosk::core::Content& base, long long version, const fs::path& dir,
               const base::ed25519::SecretKey& key) {
    auto content = base;
    content.info.version = version;
    Signed out{dir / ("content-" + std::to_string(version) + ".bundle"), ""};
    if (!kiosk::core::write_bundle(content, out.bundle)) std::exit(1);
    {
        auto db =
            base::Database::open(out.bundle.string(), base::Database::Mode::read_write_create);
        if (!db) std::exit(1);
        std::mt19937_64 rng(static_cast<unsigned>(version));
        std::string blob(1 << 20, '\0');
        (void)db->exec("CREATE TABLE padding (n INTEGER PRIMARY KEY, bytes BLOB)");
        auto insert = db->prepare("INSERT INTO padding(n, bytes) VALUES (?, ?)");
        for (int i = 0; i < 10; ++i) {
            for (auto& c : blob) c = static_cast<char>(rng());
            if (!insert ||
                !insert->bind(1, std::int64_t{i})
                     .bind_blob(2, std::span(reinterpret_cast<const unsigned char*>(blob.data()),
                                             blob.size()))
                     .run())
                std::exit(1);
        }
    }
    auto digest = base::sha256_file(out.bundle);
    net::ContentManifest m;
    m.version = version;
    m.published = "2026-12-01T08:00:00Z";
    m.expires = {2099, 12, 31};
    m.bundle = {out.bundle.filename().string(), digest->size, digest->hash};
    net::sign_manifest(m, key);
    out.manifest = net::manifest_json(m);
    return out;
}

}  // namespace

int main() {
    const fs::path dir =
        fs::temp_directory_path() / ("mingbai-update-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir / "share" / "content");
    fs::create_directories(dir / "data");
    fs::create_directories(dir / "www");
    auto content = kiosk::core::read_content_sources(fs::path(SOURCE_DIR) / "kiosk" / "content");
    if (!content) {
        std::cerr << "update_bench: " << content.error().describe() << "\n";
        return 1;
    }
    if (!kiosk::core::write_bundle(*content, kiosk::core::default_bundle_path(dir / "share"))) {
        return 1;
    }
    const auto key = base::ed25519::generate();
    const std::vector<base::ed25519::PublicKey> trusted = {key.public_key()};

    // Verify (signature, size, SHA-256, the bundle opened and checked) and apply (the same, on
    // a copy staged on the data disk, fsync'ed, swapped in by rename): five versions in turn.
    std::vector<double> verify_ms, apply_ms;
    std::uint64_t bundle_bytes = 0;
    for (long long version = 2; version <= 6; ++version) {
        const auto s = publish(*content, version, dir / "www", key);
        bundle_bytes = fs::file_size(s.bundle);
        auto t0 = Clock::now();
        auto verified = kiosk::core::verify_update({s.manifest, s.bundle, {}, false},
                                                   {trusted, {2026, 12, 1}, std::nullopt}, {});
        verify_ms.push_back(ms_since(t0));
        t0 = Clock::now();
        auto applied =
            kiosk::core::apply_update({s.manifest, s.bundle, {}, false},
                                      {dir / "data", dir / "share", trusted, {2026, 12, 1}, {}});
        apply_ms.push_back(ms_since(t0));
        if (!verified || !applied) {
            std::cerr << "update_bench: " << (verified ? applied.error().message : verified.error())
                      << "\n";
            return 1;
        }
    }
    std::vector<std::pair<std::string, std::string>> rows;
    const std::string mb = fixed(static_cast<double>(bundle_bytes) / 1e6, 1) + " MB";
    rows.push_back(
        {"verify a signed " + mb + " bundle (signature, SHA-256, open and check), median of 5",
         fixed(median(verify_ms), 0) + " ms"});
    rows.push_back({"apply a signed " + mb +
                        " bundle from a USB stick (verify, copy, fsync, swap), median of 5",
                    fixed(median(apply_ms), 0) + " ms"});

    // A poll with no news, and a heartbeat, against county-server on loopback.
    county::CountyServerOptions options;
    options.db = dir / "county.db";
    options.token = "tok";
    options.content_dir = dir / "www";
    std::ofstream(dir / "www" / "manifest.json") << publish(*content, 7, dir / "www", key).manifest;
    auto server = county::CountyServer::start(options);
    if (!server) {
        std::cerr << "update_bench: " << server.error() << "\n";
        return 1;
    }
    const net::FetchOptions fetch;
    const std::string manifest_url = (*server)->url() + "/content/manifest.json";
    auto first = net::fetch_manifest(manifest_url, "", net::kMaxManifestBytes, fetch);
    auto again = first
                     ? net::fetch_manifest(manifest_url, first->etag, net::kMaxManifestBytes, fetch)
                     : first;
    if (!again || !again->not_modified) {
        std::cerr << "update_bench: the second poll was not a 304\n";
        return 1;
    }
    const std::uint64_t poll_bytes = again->wire_bytes;
    rows.push_back({"bytes of a poll with no news (304, HTTP request and answer), county-server",
                    std::to_string(poll_bytes) + " B"});

    net::HttpClientOptions http_options;
    http_options.base_url = (*server)->url();
    http_options.token = "tok";
    http_options.kiosk_id = "kiosk-001";
    net::HttpClient http(http_options);
    net::api::Heartbeat beat;
    beat.kiosk_id = "kiosk-001";
    beat.software_version = "0.1.0";
    beat.content_version = 6;
    beat.content_expires = "2027-12-31";
    beat.printer_state = "ok";
    beat.paper_left_percent = 83;
    beat.outbox_depth = 0;
    beat.last_sync = "2026-12-01T10:15:02+08:00";
    beat.sent_at = "2026-12-01T10:30:00+08:00";
    auto answer = http.post_json("/api/v1/heartbeat", net::api::to_json(beat).dump());
    if (!answer || answer->status != 200) {
        std::cerr << "update_bench: the heartbeat was not answered\n";
        return 1;
    }
    rows.push_back({"bytes of a heartbeat (HTTP request and answer), county-server",
                    std::to_string(answer->wire_bytes) + " B"});
    const std::uint64_t per_day = 96 * (poll_bytes + answer->wire_bytes);
    rows.push_back(
        {"HTTP bytes per kiosk per day with no news: 96 polls + 96 heartbeats "
         "(15 minutes each)",
         fixed(static_cast<double>(per_day) / 1024, 1) + " KiB"});

    for (const auto& [figure, value] : rows)
        std::cout << "| " << figure << " | " << value << " | |\n";
    server->reset();
    fs::remove_all(dir);
    return 0;
}
