// The noticeboard's A4 明白纸 in core: which sheet a request names, the notices sheet, and the
// async wrapper a staff screen posts to, which reports the outcome (here: no CUPS) in plain words.
#include "kiosk/core/noticeboard.hpp"

#include <doctest/doctest.h>
#include <poll.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <string>

#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/sheets.hpp"
#include "support/sheet_text.hpp"
#include "support/temp_dir.hpp"

using namespace kiosk::core;

namespace {

Content sample() {
    auto content = read_content_sources(std::string(SOURCE_DIR) + "/kiosk/content");
    REQUIRE(content);
    return std::move(*content);
}

A4Options options(base::Date day) {
    A4Options o;
    o.station = "示例县示例村社会救助服务站";
    o.date = day;
    o.font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    o.font_index = 2;
    return o;
}

}  // namespace

TEST_CASE("the noticeboard's sheet: an item's 明白纸, the notices in force, or a plain refusal") {
    const Content content = sample();
    const base::Date day{2026, 12, 1};
    auto item = a4_document(content, "dibao", day);
    REQUIRE(item);
    CHECK(item->label == "明白纸 dibao");
    CHECK(test::sheet_text(item->sheet) ==
          test::sheet_text(item_sheet(content, *content.item("dibao"), day)));

    auto notices = a4_document(content, kNoticesTarget, day);
    REQUIRE(notices);
    const auto text = test::sheet_text(notices->sheet);
    CHECK(text.find("通知公告") != std::string::npos);
    CHECK(text.find("12月主动帮办日改到7日") != std::string::npos);
    CHECK(text.find("2026-11-20 至 2026-12-07") != std::string::npos);
    CHECK(text.find("冬春生活救助登记") == std::string::npos);  // ended 2025-12-31

    auto none = a4_document(content, kNoticesTarget, {2030, 1, 1});
    REQUIRE_FALSE(none);
    CHECK(none.error().kind == A4Error::Kind::no_notices);
    auto unknown = a4_document(content, "nosuch", day);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == A4Error::Kind::unknown_item);
    CHECK(unknown.error().message == "没有找到这一项：请回到上一页重新选");
}

TEST_CASE(
    "print_async lays out and asks CUPS on its worker and says in plain words it is not there") {
    test::TempDir dir("a4-core");
    ::setenv("CUPS_SERVER", (dir.path / "no-cups.sock").c_str(), 1);
    std::atomic<int> wakes{0};
    NoticeboardPrinter board([&] { ++wakes; });
    const Content content = sample();
    auto pending = board.print_async(content, "dibao", options({2026, 12, 1}));
    CHECK(pending.asked());
    // A screen would look once a frame; here the worker is waited for.
    board.worker().drain();
    REQUIRE(pending.ready());
    const auto& result = *pending.get();
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == A4Error::Kind::no_cups);
    CHECK(result.error().message.starts_with("连不上打印服务："));
    CHECK(result.error().detail.find("CUPS is not running") != std::string::npos);
    CHECK(wakes.load() >= 1);

    // What can be told at once is told at once, without the worker.
    auto unknown = board.print_async(content, "nosuch", options({2026, 12, 1}));
    REQUIRE(unknown.ready());
    CHECK(unknown.get()->error().kind == A4Error::Kind::unknown_item);
}
