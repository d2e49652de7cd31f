// The staff screens' service on a real kiosk core: the door says there is no PIN until one is
// set, PINs are tried on the worker and every try lands in the audit log; a signed bundle on a
// USB stick goes in (and waits for the screens like an update), a forged one is refused; the
// ledger goes to the stick as CSV.
#include "kiosk/core/staff_service.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "kiosk/core/data_paths.hpp"
#include "kiosk/core/kiosk_core.hpp"
#include "support/signed_content.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using kiosk::core::StaffService;

namespace {

// The result, copied: the Pending goes with the statement.
template <class T>
T wait_for(StaffService& staff, const kiosk::core::Pending<T>& pending) {
    staff.worker().drain();
    staff.slow_worker().drain();
    REQUIRE(pending.ready());
    return *pending.get();
}

std::unique_ptr<kiosk::core::KioskCore> open_core(const test::TempDir& dir,
                                                  const std::vector<std::string>& keys = {}) {
    auto config = kiosk::core::load_config(fs::path(TEST_DATA_DIR) / "config/test.toml", true);
    REQUIRE(config);
    config->data_dir = dir.path / "data";
    config->staff.usb_dir = (dir.path / "usb").string();
    config->update.trusted_keys = keys;
    REQUIRE(kiosk::core::prepare_data_dir(config->data_dir));
    kiosk::core::CoreOptions options;
    options.config = *config;
    options.share_dir = SHARE_DIR;
    auto core = kiosk::core::KioskCore::open(std::move(options));
    REQUIRE_MESSAGE(core, (core ? "" : core.error()));
    return std::move(*core);
}

}  // namespace

TEST_CASE("staff door: no PIN says so, then the PIN is tried on the worker and audited") {
    test::TempDir dir("staff-door");
    auto core = open_core(dir);
    auto& staff = core->staff();
    using State = StaffService::Door::State;
    CHECK(wait_for(staff, staff.knock()).state == State::no_pin);

    REQUIRE(kiosk::core::StaffAccess(core->state()).set_pin("482915"));
    CHECK(wait_for(staff, staff.knock()).state == State::ask_pin);
    const auto wrong = wait_for(staff, staff.try_pin("000111"));
    REQUIRE(wrong);
    CHECK(wrong->outcome == kiosk::core::StaffAccess::Attempt::Outcome::wrong);
    const auto right = wait_for(staff, staff.try_pin("482915"));
    REQUIRE(right);
    CHECK(right->outcome == kiosk::core::StaffAccess::Attempt::Outcome::opened);
    staff.record("staff.close", "idle");
    staff.worker().drain();

    auto log = core->state().audit(10);
    REQUIRE(log);
    REQUIRE(log->size() == 4);
    CHECK((*log)[0].action == "staff.close");
    CHECK((*log)[0].outcome == "idle");
    CHECK((*log)[1].source == "screen");
    CHECK((*log)[1].outcome == "opened");
    CHECK((*log)[2].outcome == "wrong-pin");
    CHECK((*log)[3].action == "staff.set-pin");
}

TEST_CASE("content from a USB stick: signed goes in between residents, forged is refused") {
    test::TempDir dir("staff-usb");
    test::Publisher county(dir.path / "usb", dir.path / "desk");
    auto core = open_core(dir, {county.public_key_file().string()});
    auto& staff = core->staff();

    // A stick without the county's files on it.
    const auto none = wait_for(staff, staff.load_from_usb());
    REQUIRE_FALSE(none);
    CHECK(none.error().find("U盘里没有县里发的内容（manifest.json）") != std::string::npos);

    county.publish(2, {{"dibao.voice.ogg", std::string(5'000, 'v')}}, "U盘带来的通知");
    const auto loaded = wait_for(staff, staff.load_from_usb());
    REQUIRE_MESSAGE(loaded, (loaded ? "" : loaded.error()));
    CHECK(*loaded == 2);
    const auto first = core->waiting_content();
    REQUIRE(first != nullptr);
    CHECK(core->content().info.version == 1);  // on screen only once adopted

    // Newer content comes while the screens ready their font atlas for the first: they adopt
    // only what they readied, and then the newest.
    county.publish(3, {{"dibao.voice.ogg", std::string(5'000, 'v')}}, "U盘带来的第三版通知");
    const auto third = wait_for(staff, staff.load_from_usb());
    REQUIRE_MESSAGE(third, (third ? "" : third.error()));
    CHECK_FALSE(core->adopt_waiting_content(first.get()));
    CHECK(first->info.version == 2);  // still whole for whoever holds it
    CHECK(core->content().info.version == 1);
    REQUIRE(core->adopt_waiting_content(core->waiting_content().get()));
    CHECK(core->content().info.version == 3);
    CHECK(core->content().notices.at(0).title == "U盘带来的第三版通知");

    // A manifest signed by another key: refused, the content stays.
    test::Publisher forger(dir.path / "usb", dir.path / "forger");
    forger.publish(4);
    const auto forged = wait_for(staff, staff.load_from_usb());
    REQUIRE_FALSE(forged);
    CHECK(forged.error().starts_with("U盘里的内容没通过核对"));
    CHECK(core->waiting_content() == nullptr);
    auto log = core->state().audit(2);
    REQUIRE(log);
    CHECK((*log)[0].action == "content.usb");
    CHECK((*log)[0].outcome == "refused");
    CHECK((*log)[0].detail.find("trusted") != std::string::npos);
    CHECK((*log)[1].outcome == "ok");
    CHECK((*log)[1].detail == "v2 -> v3");
}

TEST_CASE("the ledger goes to the USB stick as CSV, and a missing stick is said plainly") {
    test::TempDir dir("staff-ledger");
    auto core = open_core(dir);
    auto& staff = core->staff();
    const auto no_stick = wait_for(staff, staff.export_ledger("2026Q4"));
    REQUIRE_FALSE(no_stick);
    CHECK(no_stick.error() == "没找到U盘：请插好U盘再试");

    fs::create_directories(dir.path / "usb");
    const auto written = wait_for(staff, staff.export_ledger("2026Q4"));
    REQUIRE_MESSAGE(written, (written ? "" : written.error()));
    CHECK(written->filename() == "台账-2026Q4.csv");
    std::ifstream in(*written);
    std::string head;
    std::getline(in, head);
    CHECK(head.find("序号,委托人,帮办代办员,事项") != std::string::npos);
}
