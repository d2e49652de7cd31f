// Staff mode on the real kiosk, headless, as village staff use it: a finger held on the top
// right corner for three seconds (not two) or a staff card opens the PIN pad; no PIN yet says how
// to set one; a wrong PIN says how many tries are left and five lock it, even against the right
// one; the right PIN opens the menu and each panel; two idle minutes close it; a setting start-up
// would refuse is refused with start-up's words and the file stays; the notices go on A4 to a real
// CUPS queue; everything is audited.
#include <cups/cups.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "kiosk/core/request_service.hpp"
#include "kiosk/core/staff_access.hpp"
#include "support/cups.hpp"
#include "support/headless_kiosk.hpp"

namespace fs = std::filesystem;
using test::play;
using test::start_kiosk;

namespace {

const fs::path kShots = fs::temp_directory_path() / "mingbai-staff-shots";

// The kiosk with a config file of its own (settings are written back into it) and a PIN set.
std::unique_ptr<kiosk::app::KioskApp> staffed_kiosk(
    const std::string& name, bool with_pin = true,
    const std::function<void(kiosk::core::Config&)>& edit = {}) {
    const fs::path file = test::kiosk_data_dir(name + "-etc") / "kiosk.toml";
    fs::create_directories(file.parent_path());
    fs::copy_file(fs::path(TEST_DATA_DIR) / "config/test.toml", file,
                  fs::copy_options::overwrite_existing);
    auto app = start_kiosk(name, [&](kiosk::core::Config& c) {
        c.source = file;
        c.staff.usb_dir = (test::kiosk_data_dir(name + "-etc") / "usb").string();  // no stick
        if (edit) edit(c);
    });
    if (with_pin) {
        REQUIRE(kiosk::core::StaffAccess(app->core().state()).set_pin("482915"));
    }
    return app;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("no PIN set: the corner held three seconds says how to set one, and stays shut") {
    auto app = staffed_kiosk("staff-no-pin", false);
    play(*app, "corner-short", R"(
hold -40 40 2
expect-not 还没有设置工作人员密码
)");
    play(*app, "no-pin", R"(
hold -40 40 3
expect 还没有设置工作人员密码
expect kioskctl staff set-pin
shot staff-no-pin
tap 回到首页
expect 请选择您要办的事
)",
         kShots);
    // A hold elsewhere on the header opens nothing.
    play(*app, "elsewhere", R"(
hold 40 40 4
expect-not 还没有设置工作人员密码
)");
}

TEST_CASE(
    "by the staff card: a wrong PIN, the right one, every panel, and out after two idle minutes") {
    auto app = staffed_kiosk("staff-card");
    // A request whose acceptance deadline (3 working days from 11-20) is long past.
    auto* requests = app->core().requests();
    REQUIRE(requests);
    const kiosk::core::RequestDraft draft{
        "linshi", "材料审核", *scanner::IdNumber::parse("11010519491231002X"), "13800000000", {}};
    const auto stored = requests->submit(draft, app->core().content(), base::Date{2026, 11, 20});
    REQUIRE_MESSAGE(stored, (stored ? "" : stored.error()));
    play(*app, "card", R"(
scan MINGBAI:STAFF:王协理员
expect 请输入工作人员密码
shot staff-pin
type 000111
tap 确定
expect 密码不对，还能再试 4 次
type 482915
tap 确定
expect 申请队列
shot staff-menu
tap 打印机
expect 打印机正常
expect 大约还剩 50 米
tap 已换纸
expect 好了，纸的计数从整卷重新算。
tap 打测试页
expect 测试页：打好了
tap 补打上一张回执
expect 补打回执：打好了
shot staff-printer
tap 返回
tap 申请队列
expect 各状态的申请
expect 超过时限（1）
expect 3个工作日内受理，应在 11月25日 前
expect 最早待送
shot staff-queue
tap 返回
tap 内容
expect 第 1 版
expect 随机器自带的示例内容（未签名）
tap 从U盘装入
expect 请插好U盘再试
expect 现在的内容不变
shot staff-content
tap 返回
tap 台账
expect 共 1 件
expect 1101**********002X
shot staff-ledger
tap 返回
tap 设备
expect kiosk-001
expect 最近的日志
shot staff-device
tap 返回
tap 设置
expect 站点名称
shot staff-settings
idle 119
expect 站点名称
idle 2
expect 请选择您要办的事
expect-not 站点名称
)",
         kShots);
    auto log = app->core().state().audit(50);
    REQUIRE(log);
    std::string actions;
    for (auto it = log->rbegin(); it != log->rend(); ++it) {
        actions += it->action + ":" + it->outcome + " ";
        CHECK(it->detail.find("482915") == std::string::npos);
        CHECK(it->detail.find("000111") == std::string::npos);
    }
    CHECK(actions.find("staff.door:asked staff.open:wrong-pin staff.open:opened "
                       "printer.refilled:ok printer.test:queued printer.reprint:queued") !=
          std::string::npos);
    CHECK(actions.find("content.usb:refused") != std::string::npos);
    CHECK(actions.ends_with("staff.close:idle "));
    CHECK(log->front().detail == "card:王协理员");
}

TEST_CASE("five wrong PINs lock staff mode, and the lock holds against the right PIN") {
    auto app = staffed_kiosk("staff-lock");
    play(*app, "lock", R"(
hold -40 40 3
expect 请输入工作人员密码
type 000111
tap 确定
expect 还能再试 4 次
type 000111
tap 确定
expect 还能再试 3 次
type 000111
tap 确定
expect 还能再试 2 次
type 000111
tap 确定
expect 还能再试 1 次
type 000111
tap 确定
expect 密码输错太多次，暂时锁住了
shot staff-locked
tap 回到首页
hold -40 40 3
expect 密码输错太多次，暂时锁住了
)",
         kShots);
    CHECK(kiosk::core::StaffAccess(app->core().state()).lock()->lockouts == 1);
}

TEST_CASE("settings: a value start-up would refuse is refused in its words, a good one is saved") {
    auto app = staffed_kiosk("staff-settings");
    const fs::path file = test::kiosk_data_dir("staff-settings-etc") / "kiosk.toml";
    const std::string before = read_file(file);
    // The test config waits 60 seconds; six taps take it to 0, below start-up's 10.
    play(*app, "bad", R"(
scan MINGBAI:STAFF
expect 请输入工作人员密码
type 482915
tap 确定
tap 设置
tap 少10秒
tap 少10秒
tap 少10秒
tap 少10秒
tap 少10秒
tap 少10秒
expect 0 秒没人碰
tap 保存
expect 没保存，原来的设置不变
expect ui.idle_reset_seconds: expected
shot staff-settings-refused
)",
         kShots);
    CHECK(read_file(file) == before);
    play(*app, "good", R"(
tap 多10秒
tap 多10秒
tap 大声
tap 保存
expect 已保存
)");
    const std::string after = read_file(file);
    CHECK(after.find("idle_reset_seconds = 20") != std::string::npos);
    CHECK(after.find("volume = 90") != std::string::npos);
    auto log = app->core().state().audit(5);
    REQUIRE(log);
    CHECK(log->front().action == "settings.save");
    CHECK(log->front().outcome == "ok");
}

TEST_CASE(
    "the noticeboard: the notices go to a real CUPS queue on A4, and a missing queue is said") {
    auto cups = test::CupsServer::start();
    REQUIRE_MESSAGE(cups, (cups ? "" : cups.error()));
    REQUIRE_MESSAGE(cups->add_pdf_queue("Office_A4"), "lpadmin could not add the queue");
    // libcups in this process (the staff worker) finds the test's cupsd as an office's would
    // find the machine's.
    ::setenv("CUPS_SERVER", cups->socket().c_str(), 1);
    cupsSetServer(cups->socket().c_str());

    auto app = staffed_kiosk("staff-a4", true,
                             [](kiosk::core::Config& c) { c.printer.a4_queue = "Office_A4"; });
    play(*app, "a4", R"(
scan MINGBAI:STAFF
expect 请输入工作人员密码
type 482915
tap 确定
tap 公告上墙
expect 通知公告
tap 通知公告
expect 已送到办公室打印机（Office_A4）
shot staff-noticeboard
)",
         kShots);
    auto log = app->core().state().audit(1);
    REQUIRE(log);
    CHECK(log->front().action == "noticeboard.print");
    CHECK(log->front().outcome == "sent");
    const std::string job = log->front().detail;  // "通知公告 -> Office_A4-<id>"
    REQUIRE(job.starts_with("通知公告 -> Office_A4-"));
    const auto state = test::wait_for_cups_job(
        "Office_A4", std::stoi(job.substr(job.rfind('-') + 1)), std::chrono::seconds(60));
    REQUIRE_MESSAGE(state == printer::CupsJobState::completed, cups->error_log());
    CHECK(cups->pdfs().size() == 1);

    // A queue CUPS does not have: the plain words and what to do. (One kiosk at a time: ImGui
    // has one context per process.)
    app.reset();
    auto lost = staffed_kiosk("staff-a4-lost", true,
                              [](kiosk::core::Config& c) { c.printer.a4_queue = "Gone_A4"; });
    play(*lost, "a4-lost", R"(
scan MINGBAI:STAFF
expect 请输入工作人员密码
type 482915
tap 确定
tap 公告上墙
tap 通知公告
expect 找不到办公室打印机
shot staff-noticeboard-lost
)",
         kShots);
    ::unsetenv("CUPS_SERVER");
}
