// The kiosk's core with a county that publishes content: at start it sends its heartbeat (the
// county's fleet view lists it, with its content version, printer and outbox), the answer hints
// that newer content is published, the core fetches it at once and holds it for the screens to
// adopt between residents. Real county-server over HTTP on loopback, content from its
// --content-dir.
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>

#include <nlohmann/json.hpp>

#include "kiosk/core/data_paths.hpp"
#include "kiosk/core/kiosk_core.hpp"
#include "net/county/server.hpp"
#include "support/run_command.hpp"
#include "support/signed_content.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

TEST_CASE("the heartbeat reaches the fleet view and its hint brings new content at once") {
    test::TempDir dir("core-update");
    test::Publisher county(dir.path / "www", dir.path / "desk");
    county.publish(2, {}, "县里的新通知");
    county::CountyServerOptions server_options;
    server_options.db = dir.path / "county.db";
    server_options.token = "tok";
    server_options.content_dir = county.root;
    auto server = county::CountyServer::start(server_options);
    REQUIRE_MESSAGE(server, (server ? "" : server.error()));

    auto config = kiosk::core::load_config(fs::path(TEST_DATA_DIR) / "config/test.toml", true);
    REQUIRE(config);
    config->data_dir = dir.path / "data";
    REQUIRE(kiosk::core::prepare_data_dir(config->data_dir));
    config->county.url = (*server)->url();
    config->county.token = "tok";
    config->county.kiosk_id = "kiosk-east-7";
    config->update.manifest_url = (*server)->url() + "/content/manifest.json";
    config->update.trusted_keys = {county.public_key_file().string()};
    // Hours between polls: only the heartbeat's hint can bring the content within this test.
    config->update.poll_minutes = 600;

    std::mutex mutex;
    std::condition_variable woken;
    int wakes = 0;
    kiosk::core::CoreOptions options;
    options.config = *config;
    options.share_dir = SHARE_DIR;
    options.wake = [&] {
        std::lock_guard lock(mutex);
        ++wakes;
        woken.notify_all();
    };
    auto core = kiosk::core::KioskCore::open(std::move(options));
    REQUIRE_MESSAGE(core, (core ? "" : core.error()));
    CHECK((*core)->content().info.version == 1);
    {
        std::unique_lock lock(mutex);
        woken.wait_for(lock, std::chrono::seconds(20),
                       [&] { return (*core)->waiting_content() != nullptr; });
    }
    const auto next = (*core)->waiting_content();
    REQUIRE(next != nullptr);
    CHECK(next->info.version == 2);
    // Not on screen until the screens adopt it.
    CHECK((*core)->content().info.version == 1);
    REQUIRE((*core)->adopt_waiting_content());
    CHECK((*core)->content().info.version == 2);
    CHECK((*core)->content().notices.at(0).title == "县里的新通知");
    CHECK((*core)->content_status(base::Date{2026, 12, 1}).key_id == county.key.public_key().id());

    // The county's fleet view has the kiosk from its first heartbeat.
    const auto listed = test::run_command(
        std::string(BIN_DIR) + "/county-server kiosks --json --db " + server_options.db.string(),
        dir.path / "err");
    REQUIRE_MESSAGE(listed.exit_code == 0, listed.err);
    const auto fleet = nlohmann::json::parse(listed.out);
    REQUIRE(fleet.size() == 1);
    CHECK(fleet[0]["kiosk_id"] == "kiosk-east-7");
    CHECK(fleet[0]["content_version"] == 1);  // what it showed when it beat
    CHECK(fleet[0]["content_expired"] == false);
    CHECK(fleet[0]["printer_state"] == "ok");
    CHECK(fleet[0]["paper_left_percent"] == 100);
    CHECK(fleet[0]["outbox_depth"] == 0);
    CHECK(fleet[0]["software_version"].get<std::string>().size() > 0);
}
