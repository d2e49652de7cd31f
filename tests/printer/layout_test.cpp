// Tests printer/layout and printer/job: sheets fit the paper, text is big enough to read, QR
// modules are wide enough for phones, long sheets are refused, and what the encoder sends the
// emulator prints back bit for bit.
#include <doctest/doctest.h>

#include "printer/emulator/escpos_emulator.hpp"
#include "printer/escpos.hpp"
#include "printer/job.hpp"
#include "printer/layout.hpp"
#include "printer/profile.hpp"

using namespace printer;

namespace {

constexpr const char* kFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

FontFace& font() {
    static auto f = FontFace::open(kFont, 2);
    REQUIRE_MESSAGE(f, "install fonts-noto-cjk");
    return **f;
}

Profile profile(const std::string& name) {
    auto p = find_profile(std::string(SOURCE_DIR) + "/printer/profiles", name);
    REQUIRE_MESSAGE(p, (p ? "" : p.error()));
    return *p;
}

Sheet sample_sheet() {
    Sheet s;
    s.title("最低生活保障明白纸");
    s.paragraph("家里收入太少，日子难过，可以申请低保。批下来后，每月按时领生活钱。");
    s.heading("所需材料");
    s.bullets({"户口簿，家里每个人的身份证。", "低保申请书。不会写的，工作人员帮您填。"});
    s.key_values({{"打印日期", "2026-11-22"}, {"内容版本", "1"}});
    s.qr("https://mz.example.gov.cn/mingbai/dibao", "手机扫一扫，随时再看这一页");
    return s;
}

// Rows that have any black dot, as [first, last] runs: the text lines.
std::vector<std::pair<int, int>> ink_runs(const Bitmap& bm, int y0, int y1) {
    std::vector<std::pair<int, int>> runs;
    for (int y = y0; y < y1; ++y) {
        bool ink = false;
        for (int x = 0; x < bm.width() && !ink; ++x) ink = bm.get(x, y);
        if (ink && (runs.empty() || runs.back().second != y - 1)) runs.push_back({y, y});
        if (ink) runs.back().second = y;
    }
    return runs;
}

}  // namespace

TEST_CASE("a sheet fills the paper's width and nothing prints outside it") {
    for (const char* name : {"80mm", "58mm", "80mm-180dpi"}) {
        CAPTURE(name);
        const auto p = profile(name);
        auto bm = render_sheet(sample_sheet(), p, font());
        REQUIRE(bm);
        CHECK(bm->width() == p.width_dots);
        CHECK(bm->height() > 300);
        // Margins stay white.
        for (int y = 0; y < bm->height(); ++y) {
            CHECK_FALSE(bm->get(0, y));
            CHECK_FALSE(bm->get(p.width_dots - 1, y));
        }
    }
}

TEST_CASE("body text is at least 24 dots high: readable at arm's length") {
    Sheet s;
    s.paragraph("申请低保，找村里");
    auto bm = render_sheet(s, profile("80mm"), font());
    REQUIRE(bm);
    const auto runs = ink_runs(*bm, 0, bm->height());
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].second - runs[0].first + 1 >= 22);  // glyph ink of a 28-dot line
}

TEST_CASE("QR modules are at least 4 dots wide, on every profile") {
    for (const char* name : {"80mm", "58mm", "80mm-180dpi"}) {
        CAPTURE(name);
        Sheet s;
        s.qr("https://mz.example.gov.cn/mingbai/dibao", "");
        auto bm = render_sheet(s, profile(name), font());
        REQUIRE(bm);
        // The finder pattern's outer ring is 1 module thick: measure it on the first inked row.
        const auto runs = ink_runs(*bm, 0, bm->height());
        REQUIRE(!runs.empty());
        const int y = runs.front().first;
        int x = 0;
        while (!bm->get(x, y)) ++x;
        int vertical = 0;
        while (bm->get(x, y + vertical)) ++vertical;  // the ring's left side runs 7 modules down
        CHECK(vertical / 7 >= 4);
    }
}

TEST_CASE("a sheet longer than the profile allows is refused with the reason") {
    auto p = profile("80mm");
    p.max_length_mm = 60;
    Sheet s;
    for (int i = 0; i < 40; ++i) s.paragraph("很长很长的一段话，一行又一行，打不完。");
    auto bm = render_sheet(s, p, font());
    REQUIRE_FALSE(bm);
    CHECK(bm.error().kind == LayoutError::Kind::too_long);
    CHECK(bm.error().message.find("60 mm") != std::string::npos);
}

TEST_CASE("encoder to emulator reproduces the layout raster bit for bit") {
    for (const char* name : {"80mm", "58mm", "80mm-180dpi"}) {
        CAPTURE(name);
        const auto p = profile(name);
        auto bm = render_sheet(sample_sheet(), p, font());
        REQUIRE(bm);
        const auto job = encode_raster_job(*bm, p);
        CHECK(job.chunks.size() >= 3);  // init, bands, feed and cut
        emulator::EmulatorOptions o;
        o.width_dots = p.width_dots;
        o.dpi = p.dpi;
        emulator::EscPosEmulator emu(o);
        emu.feed(job.joined());
        CHECK(emu.unknown_commands().empty());
        const Bitmap* printed = nullptr;
        Bitmap current = emu.current();
        if (p.cut) {
            REQUIRE(emu.sheets().size() == 1);
            printed = &emu.sheets()[0];
        } else {
            printed = &current;
        }
        REQUIRE(printed->height() >= bm->height());
        for (int y = 0; y < bm->height(); ++y) {
            REQUIRE(std::equal(bm->row(y), bm->row(y) + bm->row_bytes(), printed->row(y)));
        }
        // Below the sheet only the blank feed past the cutter.
        for (int y = bm->height(); y < printed->height(); ++y) {
            for (int x = 0; x < printed->width(); ++x) REQUIRE_FALSE(printed->get(x, y));
        }
    }
}

TEST_CASE("text mode sends a small fraction of the raster's bytes, in GB18030") {
    auto p = profile("80mm-text");
    auto bm = render_sheet(sample_sheet(), p, font());
    REQUIRE(bm);
    const auto raster = encode_raster_job(*bm, p);
    auto text = encode_text_job(sample_sheet(), p);
    REQUIRE(text);
    CHECK(text->total_bytes() * 10 < raster.total_bytes());
    const auto bytes = text->joined();
    const std::string all(bytes.begin(), bytes.end());
    CHECK(all.find("\xB5\xCD\xB1\xA3") != std::string::npos);  // 低保 in GB18030
    CHECK(all.find("\x1D(k") != std::string::npos);            // a native QR code
    // The emulator prints it too.
    emulator::EscPosEmulator emu;
    emu.feed(bytes);
    CHECK(emu.unknown_commands().empty());
    REQUIRE(emu.sheets().size() == 1);
    CHECK(emu.sheets()[0].height() > 200);
}

TEST_CASE("characters outside the printer's font are replaced: ¥ becomes ￥") {
    auto p = profile("80mm-text");
    Sheet s;
    s.paragraph("每月¥800");
    auto job = encode_text_job(s, p);
    REQUIRE(job);
    const auto bytes = job->joined();
    const std::string all(bytes.begin(), bytes.end());
    CHECK(all.find("\xA3\xA4"
                   "800") != std::string::npos);
    CHECK(job->replaced_characters == 1);
}

TEST_CASE("profiles load, and a bad profile names its key") {
    for (const char* name : {"80mm", "58mm", "80mm-180dpi", "80mm-text"})
        CHECK(find_profile(std::string(SOURCE_DIR) + "/printer/profiles", name));
    CHECK(profile("58mm").width_dots == 384);
    CHECK(profile("80mm-180dpi").width_dots == 512);
    auto bad = parse_profile("width_dots = 500\n", "x.toml");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().key == "width_dots");
    CHECK_FALSE(find_profile(std::string(SOURCE_DIR) + "/printer/profiles", "../etc/passwd"));
}
