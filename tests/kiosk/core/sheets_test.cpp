// Tests kiosk/core/sheets: what goes on paper, checked through the real layout and, for the QR
// codes, read back by zbarimg as a phone or the kiosk's scanner would.
#include <doctest/doctest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/sheets.hpp"
#include "printer/layout.hpp"
#include "scanner/code_reader.hpp"
#include "scanner/payload.hpp"
#include "support/sheet_text.hpp"

namespace fs = std::filesystem;
using namespace kiosk::core;

namespace {

printer::FontFace& font() {
    static auto f =
        printer::FontFace::open("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2);
    REQUIRE(f);
    return **f;
}

std::string decode_qr(const printer::Bitmap& bm) {
    const auto png =
        fs::temp_directory_path() / ("mingbai-sheet-" + std::to_string(::getpid()) + ".png");
    REQUIRE(printer::write_png(png.c_str(), bm));
    FILE* pipe = ::popen(("zbarimg --raw -q " + png.string() + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe);
    std::string out;
    std::array<char, 512> buf{};
    while (const auto n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    ::pclose(pipe);
    fs::remove(png);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace

TEST_CASE(
    "every item's 明白纸 carries its sections, the sample label, date, version, and a QR to its "
    "page") {
    auto content = read_content_sources(std::string(SOURCE_DIR) + "/kiosk/content");
    REQUIRE(content);
    printer::Profile p;
    for (const auto& item : content->items) {
        CAPTURE(item.id);
        const auto sheet = item_sheet(*content, item, {2026, 11, 22});
        const auto text = test::sheet_text(sheet);
        CHECK(text.find(item.name) != std::string::npos);
        CHECK(text.find(item.summary) != std::string::npos);
        for (const auto& s : kSections) CHECK(text.find(std::string(s.title)) != std::string::npos);
        CHECK(text.find("示例县的样例内容") != std::string::npos);
        CHECK(text.find("2026-11-22") != std::string::npos);
        CHECK(text.find("内容版本") != std::string::npos);
        auto bm = printer::render_sheet(sheet, p, font());
        REQUIRE(bm);
        CHECK(decode_qr(*bm) == content->page_url(item.id));
    }
}

TEST_CASE("a request receipt shows the masked ID only, and its QR says which request it is") {
    Receipt r{"A-20261122-0007",
              "临时救助",
              "材料审核",
              "3701********0012",
              {2026, 11, 22},
              {"医院的诊断证明", "费用单据"},
              20,
              {2026, 12, 21},
              "示例县示例村社会救助服务站",
              "12345"};
    const auto sheet = receipt_sheet(r);
    const auto text = test::sheet_text(sheet);
    CHECK(text.find("3701********0012") != std::string::npos);
    CHECK(text.find("医院的诊断证明") != std::string::npos);
    CHECK(text.find("20个工作日") != std::string::npos);
    auto bm = printer::render_sheet(sheet, printer::Profile{}, font());
    REQUIRE(bm);
    CHECK(decode_qr(*bm) == "MINGBAI:REQ:A-20261122-0007");
}

TEST_CASE(
    "the kiosk's own scanner reads its printed sheets and receipts back to their item or request") {
    auto content = read_content_sources(std::string(SOURCE_DIR) + "/kiosk/content");
    REQUIRE(content);
    auto to_gray = [](const printer::Bitmap& bm) {
        scanner::GrayImage g{bm.width(), bm.height(), {}};
        g.pixels.resize(static_cast<std::size_t>(bm.width()) * bm.height());
        for (int y = 0; y < bm.height(); ++y) {
            for (int x = 0; x < bm.width(); ++x)
                g.pixels[static_cast<std::size_t>(y) * bm.width() + x] = bm.get(x, y) ? 0 : 255;
        }
        return g;
    };
    for (const char* id : {"dibao", "shouzai"}) {
        auto bm = printer::render_sheet(item_sheet(*content, *content->item(id), {2026, 11, 22}),
                                        printer::Profile{}, font());
        REQUIRE(bm);
        const auto codes = scanner::read_codes(to_gray(*bm));
        REQUIRE(codes.size() == 1);
        const auto action = scanner::classify_payload(codes[0].text, content->info.page_url);
        CHECK(action.kind == scanner::PayloadAction::Kind::item);
        CHECK(action.id == id);
    }
    Receipt r{"A-20261122-0007", "临时救助", "材料审核", "3701********0012", {2026, 11, 22}, {}, 20,
              {2026, 12, 21},    "站",       "12345"};
    auto bm = printer::render_sheet(receipt_sheet(r), printer::Profile{}, font());
    REQUIRE(bm);
    const auto codes = scanner::read_codes(to_gray(*bm));
    REQUIRE(codes.size() == 1);
    const auto action = scanner::classify_payload(codes[0].text, content->info.page_url);
    CHECK(action.kind == scanner::PayloadAction::Kind::request);
    CHECK(action.id == "A-20261122-0007");
}
