// Printing for the screens: layout and encoding on the layout worker, a ticket that follows the
// job to paper; and for kioskctl, the same on the calling thread; the paper counter counts what the
// printer fed.
#include <doctest/doctest.h>

#include "support/hold_worker.hpp"
#include "support/temp_dir.hpp"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/sheets.hpp"

namespace fs = std::filesystem;
using kiosk::core::PrintJobView;
using kiosk::core::PrintService;

namespace {

struct Fixture {
    fs::path dir;
    std::mutex m;
    std::condition_variable changed;
    std::unique_ptr<PrintService> printing;

    explicit Fixture(const std::string& name) {
        dir = fs::temp_directory_path() / ("mingbai-print-" + std::to_string(::getpid())) / name;
        fs::remove_all(dir);
        fs::create_directories(dir);
        const kiosk::core::Config defaults;
        const kiosk::core::PrintSettings s{"file:" + (dir / "out.bin").string(),
                                           "80mm",
                                           50,
                                           fs::path(SHARE_DIR) / "printer-profiles",
                                           dir,
                                           defaults.ui.font,
                                           defaults.ui.font_index};
        auto svc = PrintService::create(s, nullptr, [this] {
            std::lock_guard lock(m);
            changed.notify_all();
        });
        REQUIRE_MESSAGE(svc.has_value(), (svc ? "" : svc.error()));
        printing = std::move(*svc);
    }

    // Until the ticket's job reaches `state`; a bound only so a broken build cannot hang.
    bool wait_for(kiosk::core::PrintTicket t, PrintJobView::State state) {
        std::unique_lock lock(m);
        return changed.wait_for(lock, std::chrono::seconds(30), [&] {
            const auto job = printing->job(t);
            return job && job->state == state;
        });
    }
};

printer::Sheet small_sheet() {
    printer::Sheet s;
    s.title("测试");
    s.paragraph("一行字");
    return s;
}

}  // namespace

TEST_CASE("a sheet is laid out on the layout worker, then printed, the ticket follows it") {
    Fixture f("ticket");
    kiosk::core::PrintTicket ticket = 0;
    {
        // Held: the screen would say 「正在准备」 meanwhile.
        test::HoldWorker hold(f.printing->layout_worker());
        ticket = f.printing->print_async(small_sheet(), "test");
        const auto job = f.printing->job(ticket);
        REQUIRE(job);
        CHECK(job->state == PrintJobView::State::preparing);
    }
    REQUIRE(f.wait_for(ticket, PrintJobView::State::done));
    CHECK(fs::file_size(f.dir / "out.bin") > 1000);
    CHECK_FALSE(f.printing->job(ticket + 100).has_value());
}

TEST_CASE("a preview is prepared on the worker and printed from the same raster") {
    Fixture f("preview");
    auto pending = f.printing->prepare_async(small_sheet(), "preview");
    f.printing->layout_worker().drain();
    REQUIRE(pending.ready());
    REQUIRE(pending.get()->has_value());
    const auto sheet = **pending.get();
    CHECK(sheet->raster.width() == 576);
    CHECK(sheet->length_mm > 10);
    const auto ticket = f.printing->print_async(sheet);
    REQUIRE(f.wait_for(ticket, PrintJobView::State::done));
}

TEST_CASE(
    "kioskctl's print on the calling thread: printed, or a bad printer spec named as bad input") {
    Fixture f("now");
    auto prepared = f.printing->prepare(small_sheet(), "now");
    REQUIRE(prepared.has_value());
    const auto ok = f.printing->print_now(*prepared);
    CHECK(ok.kind == kiosk::core::PrintOutcome::Kind::printed);
    CHECK(ok.bytes_sent > 1000);
    const auto bad = f.printing->print_now(*prepared, "carrier-pigeon:home");
    CHECK(bad.kind == kiosk::core::PrintOutcome::Kind::bad_input);
}

namespace {

// Height in dots of a PNG the emulator printed, from its header.
int png_height(const fs::path& png) {
    std::ifstream in(png, std::ios::binary);
    unsigned char header[24] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    REQUIRE(in.gcount() == static_cast<std::streamsize>(sizeof header));
    return (header[20] << 24) | (header[21] << 16) | (header[22] << 8) | header[23];
}

// Every sheet the emulator printed into `dir`, by height in dots.
std::vector<int> printed_heights(const fs::path& dir) {
    std::vector<int> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(png_height(e.path()));
    return out;
}

}  // namespace

TEST_CASE("the paper counter adds what the profile's printer fed: text mode counts its own lines") {
    auto content = kiosk::core::read_content_sources(std::string(SOURCE_DIR) + "/kiosk/content");
    REQUIRE(content);
    const auto* dibao = content->item("dibao");
    REQUIRE(dibao);
    const kiosk::core::Config defaults;
    std::vector<double> fed;
    for (const std::string profile : {"80mm", "80mm-text"}) {
        CAPTURE(profile);
        const test::TempDir temp("print-paper-" + profile);
        const fs::path& dir = temp.path;
        auto state = kiosk::core::StateDb::open(dir);
        REQUIRE(state);
        const kiosk::core::PrintSettings s{"emulator:" + (dir / "printed").string(),
                                           profile,
                                           50,
                                           fs::path(SHARE_DIR) / "printer-profiles",
                                           dir,
                                           defaults.ui.font,
                                           defaults.ui.font_index};
        auto svc = PrintService::create(s, state->get(), {});
        REQUIRE(svc);
        auto prepared = (*svc)->prepare(kiosk::core::item_sheet(*content, *dibao, {2026, 11, 22}),
                                        "明白纸 dibao");
        REQUIRE(prepared);
        REQUIRE((*svc)->print_now(*prepared).kind == kiosk::core::PrintOutcome::Kind::printed);
        const auto sheets = printed_heights(dir / "printed");
        REQUIRE(sheets.size() == 1);
        // The emulator feeds what a printer of this kind feeds: LF by the line spacing or the
        // characters' height, ESC J by its dots, a raster by its rows.
        const double fed_mm = sheets[0] * 25.4 / 203;
        CHECK((*state)->paper_used_mm() == doctest::Approx(fed_mm).epsilon(0.0001));
        // What the preview and kioskctl say the sheet takes is the same length.
        CHECK(prepared->length_mm == doctest::Approx(fed_mm).epsilon(0.0001));
        fed.push_back(fed_mm);
    }
    // The printer's own font takes about a quarter less paper than the raster (a 28-dot body
    // font with air between lines against 24 dots at 34): the estimate must know it.
    REQUIRE(fed.size() == 2);
    CHECK(fed[1] < fed[0] * 0.8);
}
