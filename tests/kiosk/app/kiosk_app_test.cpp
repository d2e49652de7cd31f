// The kiosk in this process, headless, with its real core: no frame waits on core work. While a
// core worker is held busy (as a slow disk or a checkpoint would hold it), frames keep coming,
// taps answer and the screen says what is under way; the promise 「已提交」 appears only once
// the request is on disk. Every worker's report wakes the event loop.
#include <doctest/doctest.h>

#include "support/hold_worker.hpp"

#include <SDL.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <sstream>

#include "kiosk/app/kiosk_app.hpp"
#include "kiosk/app/script_runner.hpp"
#include "kiosk/core/config.hpp"
#include "support/disk_full.hpp"
#include "support/headless_kiosk.hpp"
#include "support/nginx.hpp"
#include "support/signed_content.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

using test::play;
using test::start_kiosk;

fs::path data_dir_of(const std::string& name) {
    return test::kiosk_data_dir(name);
}

const char* kToCommitments = R"(
tap 帮办代办
tap 临时救助
tap 材料审核
tap 手动输入身份证号
type 11010519491231002X
tap 确定
type 13800000000
tap 下一步
tap 下一步
expect 两个承诺
)";

}  // namespace

TEST_CASE("a disk full while storing: 没存上，请找工作人员, nothing kept, and later it goes in") {
    auto app = start_kiosk("full-disk");
    auto* requests = app->core().requests();
    REQUIRE(requests);
    play(*app, "to-commitments", kToCommitments);
    const auto wal = data_dir_of("full-disk") / "state.db-wal";
    REQUIRE(fs::exists(wal));
    {
        test::DiskFull full(fs::file_size(wal));  // the outbox's write-ahead log cannot grow
        play(*app, "submit", R"(
tap 我承诺，提交
expect 没存上，请找工作人员
expect-not 已提交
expect-not 回执号
)");
    }
    play(*app, "not-saved", "expect 没存上，请找工作人员\nshot request-not-saved\n");
    const auto kept = requests->list();
    REQUIRE(kept.has_value());
    CHECK(kept->empty());

    play(*app, "home", "tap 回到首页\nexpect 帮办代办\n");
    play(*app, "again", kToCommitments);
    play(*app, "submit-again", "tap 我承诺，提交\nexpect 已提交\nexpect 回执号\n");
    CHECK(requests->list()->size() == 1);
}

TEST_CASE("frames keep coming and taps answer while the store is held, 已提交 only once stored") {
    auto app = start_kiosk("held-store");
    auto* requests = app->core().requests();
    REQUIRE(requests);
    play(*app, "to-commitments", kToCommitments);

    test::HoldWorker hold(requests->storage_worker());
    play(*app, "submit", R"(
tap 我承诺，提交
expect 正在保存
expect-not 已提交
shot held-saving
)");
    // The resident walks off for a minute: the countdown comes up over the saving screen, and a
    // tap takes it away again. Frames are drawn throughout.
    const auto frames_before = app->frames_drawn();
    play(*app, "while-held", R"(
wait 500
idle 61
expect 还在用吗
tap 360 640
expect-not 还在用吗
expect 正在保存
expect-not 已提交
)");
    CHECK(app->frames_drawn() > frames_before + 30);
    CHECK(requests->list()->empty());  // nothing stored yet: nothing was promised

    hold.release();
    play(*app, "released", R"(
expect 已提交
expect 回执号
)");
    const auto stored = requests->list();
    REQUIRE(stored.has_value());
    CHECK(stored->size() == 1);
}

TEST_CASE("while the 明白纸 is laid out, the screen says so and the preview follows") {
    auto app = start_kiosk("held-layout");
    auto* printing = app->core().printing();
    REQUIRE(printing);
    play(*app, "to-item", R"(
tap 政策明白纸
tap 低保
expect 最低生活保障
)");
    {
        test::HoldWorker hold(printing->layout_worker());
        play(*app, "print", R"(
tap 打印这页
expect 正在准备明白纸
shot held-layout
wait 300
expect 正在准备明白纸
expect-not 打印预览
)");
    }
    play(*app, "preview", R"(
expect 打印预览
tap 打印
expect 打好了
)");
}

TEST_CASE("a worker's report wakes the event loop") {
    auto app = start_kiosk("wake");
    // Reports from the workers that start with the kiosk are read the way the loop reads them
    // (flushing them instead would leave their wake-up counted as still pending).
    while (SDL_HasEvent(SDL_USEREVENT)) app->pump_events();
    app->pump_events();
    auto& worker = app->core().requests()->storage_worker();
    worker.post([] {});
    worker.drain();
    CHECK(SDL_HasEvent(SDL_USEREVENT));
}

TEST_CASE("frames come at a bounded rate while waiting, every frame while a page glides") {
    using A = kiosk::ui::KioskUi::Animation;
    CHECK(kiosk::app::frame_interval_ms(A::none) < 0);
    CHECK(kiosk::app::frame_interval_ms(A::moving) == 16);
    CHECK(kiosk::app::frame_interval_ms(A::waiting) == 100);
}

TEST_CASE("new content from the county goes on screen between residents, never in a session") {
    test::TempDir dir("app-update");
    test::Publisher county(dir.path / "www", dir.path / "desk");
    auto nginx = test::NginxServer::start(dir.path / "www");
    REQUIRE_MESSAGE(nginx, (nginx ? "" : nginx.error()));
    // New characters in the notice: the font atlas must be made again before it shows.
    county.publish(2, {{"dibao.voice.ogg", std::string(20'000, 'v')}}, "蝴蝶兰花展览通知");

    const fs::path data = data_dir_of("update");
    fs::remove_all(data);
    fs::create_directories(data);
    auto config = kiosk::core::load_config(fs::path(TEST_DATA_DIR) / "config/test.toml", true);
    REQUIRE(config);
    config->data_dir = data;
    config->update.manifest_url = nginx->url() + "/manifest.json";
    config->update.trusted_keys = {county.public_key_file().string()};
    kiosk::app::AppOptions options;
    options.config = *config;
    options.platform.headless = true;
    options.virtual_clock = true;
    options.share_dir = SHARE_DIR;
    auto created = kiosk::app::KioskApp::create(std::move(options));
    REQUIRE_MESSAGE(created, (created ? "" : created.error()));
    auto& app = **created;
    REQUIRE(app.core().updates() != nullptr);
    CHECK(app.core().content().info.version == 1);

    // A resident is reading a page when the update arrives.
    play(app, "reading", "tap 政策明白纸\ntap 低保\nexpect 政策规定\n");
    app.core().updates()->check_now();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!app.core().waiting_content() && std::chrono::steady_clock::now() < deadline) {
        SDL_WaitEventTimeout(nullptr, 50);  // the update thread's report wakes this at once
        app.pump_events();
        app.frame(nullptr, false);
    }
    REQUIRE(app.core().waiting_content() != nullptr);
    // However many frames pass, the page the resident reads keeps its content.
    app.settle(30);
    CHECK(app.screen_name() == "item-page");
    CHECK(app.core().content().info.version == 1);
    CHECK(app.core().waiting_content() != nullptr);

    // The resident goes home; once the atlas for the new characters is ready, it switches.
    play(app, "home", "tap 回到首页\n");
    const std::size_t glyphs_before = app.glyph_count();
    while (app.core().content().info.version == 1 && std::chrono::steady_clock::now() < deadline) {
        SDL_WaitEventTimeout(nullptr, 50);
        app.pump_events();
        app.frame(nullptr, false);
    }
    CHECK(app.core().content().info.version == 2);
    CHECK(app.core().content().notices.at(0).title == "蝴蝶兰花展览通知");
    CHECK(app.core().waiting_content() == nullptr);
    CHECK(app.glyph_count() > glyphs_before);
    CHECK(app.screen_name() == "home");
    // The kiosk goes on working with it: the new notice is on the home screen, pages open.
    play(app, "after",
         "expect 蝴蝶兰花展览通知\ntap 政策明白纸\ntap 低保\nexpect 政策规定\ntap 回到首页\n"
         "shot update-home\n");
}
