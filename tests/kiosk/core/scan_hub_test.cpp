// Every scan, one way: a keyboard-wedge burst, a camera's frames, a card; classified for the
// screens, the raw payload wiped.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "kiosk/core/scan_hub.hpp"
#include "printer/bitmap.hpp"
#include "printer/qr_code.hpp"

namespace fs = std::filesystem;
using kiosk::core::ScanEvent;
using kiosk::core::ScanHub;

namespace {

const base::Date kToday{2026, 12, 1};
constexpr std::string_view kPages = "https://mzj.example.gov.cn/mb/{id}";

// Types `text` as a wedge scanner does: a key every 5 ms, then Enter.
void wedge_burst(ScanHub& hub, std::string_view text, std::int64_t& t) {
    for (const char c : text) {
        const auto r = hub.key_text(std::string(1, c), t);
        CHECK(r.typed.empty());  // nothing of a scan reaches the screen as typing
        t += 5;
    }
    CHECK(hub.key_enter(t).enter_consumed);
}

fs::path qr_png(const fs::path& dir, std::string_view text) {
    const auto qr = printer::encode_qr(text);
    REQUIRE(qr.has_value());
    const int m = 6, quiet = 24;
    printer::Bitmap bm(qr->size * m + quiet * 2, qr->size * m + quiet * 2);
    for (int y = 0; y < qr->size; ++y) {
        for (int x = 0; x < qr->size; ++x) {
            if (qr->dark(x, y)) bm.fill_rect(quiet + x * m, quiet + y * m, m, m);
        }
    }
    const auto path = dir / "code.png";
    REQUIRE(printer::write_png(path.c_str(), bm));
    return path;
}

}  // namespace

TEST_CASE("a wedge burst becomes a scan, classified, slow typing stays typing") {
    ScanHub hub(kiosk::core::Config::Scanner{}, {});
    std::int64_t t = 1'000'000;
    wedge_burst(hub, "MINGBAI:REQ:A-20261201-0001", t);
    wedge_burst(hub, "11010519491231002X", t);
    const auto events = hub.take(kPages, kToday);
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == ScanEvent::Kind::request);
    CHECK(events[0].target == "A-20261201-0001");
    CHECK(events[1].kind == ScanEvent::Kind::id);
    CHECK(events[1].target == "1101**********002X");
    REQUIRE(events[1].id.has_value());
    CHECK(events[1].id->masked() == "1101**********002X");
    CHECK(hub.take(kPages, kToday).empty());

    t += 1000;
    std::string typed;
    for (const char c : std::string("12")) {
        typed += hub.key_text(std::string(1, c), t).typed;
        t += 200;
    }
    typed += hub.poll_keys(t + 1000).typed;
    CHECK(typed == "12");
    CHECK(hub.take(kPages, kToday).empty());
}

TEST_CASE("a classified payload is wiped, and an ID that fails its check is no ID") {
    std::string payload = "11010519491231002X";
    const auto e = kiosk::core::classify_scan(payload, kPages, kToday);
    CHECK(e.kind == ScanEvent::Kind::id);
    CHECK(payload.empty());
    std::string wrong = "110105194912310021";
    const auto w = kiosk::core::classify_scan(wrong, kPages, kToday);
    CHECK_FALSE(w.id.has_value());
    std::string page = "https://mzj.example.gov.cn/mb/dibao";
    const auto p = kiosk::core::classify_scan(page, kPages, kToday);
    CHECK(p.kind == ScanEvent::Kind::item);
    CHECK(p.target == "dibao");
}

TEST_CASE("a camera named in the config scans on its own thread and wakes the screen") {
    const fs::path dir = fs::temp_directory_path() / ("mingbai-hub-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    qr_png(dir, "https://mzj.example.gov.cn/mb/linshi");
    kiosk::core::Config::Scanner config;
    config.camera = "files:" + dir.string();
    config.devices = {"carrier-pigeon:/dev/null", "serial:/dev/mingbai-no-such-scanner"};
    std::mutex m;
    std::condition_variable cv;
    bool woken = false;
    ScanHub hub(config, [&] {
        std::lock_guard lock(m);
        woken = true;
        cv.notify_all();
    });
    // The spec that cannot be right is left out; a scanner not plugged in yet is kept (it will
    // work once it is); the camera works.
    REQUIRE(hub.devices().size() == 2);
    CHECK(hub.devices()[1].find(dir.string()) != std::string::npos);
    {
        std::unique_lock lock(m);
        REQUIRE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return woken; }));
    }
    const auto events = hub.take(kPages, kToday);
    REQUIRE_FALSE(events.empty());
    CHECK(events[0].kind == ScanEvent::Kind::item);
    CHECK(events[0].target == "linshi");
}

TEST_CASE("codes in an image file, as kioskctl scan reports them") {
    const fs::path dir =
        fs::temp_directory_path() / ("mingbai-hub-file-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto png = qr_png(dir, "11010519491231002X");
    const auto codes = kiosk::core::read_codes_in_file(png, kPages, kToday);
    REQUIRE(codes.has_value());
    REQUIRE(codes->size() == 1);
    CHECK((*codes)[0].text == "1101**********002X");  // never the whole number
    CHECK((*codes)[0].event.kind == ScanEvent::Kind::id);
    CHECK_FALSE(kiosk::core::read_codes_in_file(dir / "none.png", kPages, kToday).has_value());
}
