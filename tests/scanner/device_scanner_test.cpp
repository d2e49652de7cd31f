// Tests scanner/device_scanner: a serial HID-POS scanner on a pseudo-terminal (Chinese in UTF-8
// and GB18030), and an evdev scanner's key events through a FIFO, each to whole payloads.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <linux/input.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "base/gb18030.hpp"
#include "scanner/device_scanner.hpp"

using namespace scanner;

namespace {

std::vector<std::uint8_t> bytes(std::string_view s) {
    return {s.begin(), s.end()};
}

std::vector<std::uint8_t> key_events(std::initializer_list<std::pair<unsigned, int>> keys) {
    std::vector<std::uint8_t> out;
    for (const auto& [code, value] : keys) {
        input_event ev{};
        ev.type = EV_KEY;
        ev.code = static_cast<std::uint16_t>(code);
        ev.value = value;
        const auto* p = reinterpret_cast<const std::uint8_t*>(&ev);
        out.insert(out.end(), p, p + sizeof ev);
        input_event syn{};
        syn.type = EV_SYN;
        p = reinterpret_cast<const std::uint8_t*>(&syn);
        out.insert(out.end(), p, p + sizeof syn);
    }
    return out;
}

struct Collector {
    std::mutex m;
    std::condition_variable cv;
    std::vector<DeviceScan> scans;
    void add(DeviceScan s) {
        {
            std::lock_guard lock(m);
            scans.push_back(std::move(s));
        }
        cv.notify_all();
    }
    bool wait_for_payloads(std::size_t n) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, std::chrono::seconds(5), [&] {
            std::size_t k = 0;
            for (const auto& s : scans) k += s.problem ? 0 : 1;
            return k >= n;
        });
    }
    std::vector<std::string> payloads() {
        std::lock_guard lock(m);
        std::vector<std::string> out;
        for (const auto& s : scans) {
            if (!s.problem) out.push_back(s.payload);
        }
        return out;
    }
};

}  // namespace

TEST_CASE("serial: a payload ends at CR or LF, UTF-8 stays, GB18030 is converted") {
    SerialDecoder d;
    auto out = d.feed(bytes("MINGBAI:REQ:A-1\r\n"));
    REQUIRE(out.size() == 1);
    CHECK(out[0].payload == "MINGBAI:REQ:A-1");
    CHECK(d.feed(bytes("低保\n"))[0].payload == "低保");
    const auto gb = base::utf8_to_gb18030("临时救助");
    REQUIRE(gb);
    CHECK(d.feed(bytes(*gb + "\r"))[0].payload == "临时救助");
    // Split anywhere: nothing until the end arrives.
    CHECK(d.feed(bytes("1101")).empty());
    CHECK(d.feed(bytes("05\r"))[0].payload == "110105");
}

TEST_CASE("serial: 10,000 bytes without an end are dropped with a problem, the next scan works") {
    SerialDecoder d;
    const auto out = d.feed(std::vector<std::uint8_t>(10'000, 'A'));
    REQUIRE(out.size() == 1);
    CHECK(out[0].problem);
    CHECK(d.feed(bytes("\r")).empty());
    CHECK(d.feed(bytes("OK-42\r"))[0].payload == "OK-42");
    // Binary junk gives valid UTF-8, never a crash.
    std::vector<std::uint8_t> junk;
    for (int i = 1; i < 256; ++i) {
        if (i != '\r' && i != '\n') junk.push_back(static_cast<std::uint8_t>(i));
    }
    junk.push_back('\r');
    CHECK(d.feed(junk).size() == 1);
}

TEST_CASE(
    "evdev: key presses with Shift become text, ended by Enter, releases and repeats ignored") {
    EvdevDecoder d;
    const auto ev = key_events({{KEY_LEFTSHIFT, 1},
                                {KEY_M, 1},
                                {KEY_M, 0},
                                {KEY_LEFTSHIFT, 0},
                                {KEY_1, 1},
                                {KEY_1, 2},
                                {KEY_1, 0},
                                {KEY_MINUS, 1},
                                {KEY_X, 1},
                                {KEY_ENTER, 1}});
    // Fed in odd-sized pieces, as reads may split structs.
    std::vector<DeviceScan> out;
    for (std::size_t at = 0; at < ev.size(); at += 7) {
        auto part = d.feed(std::span(ev).subspan(at, std::min<std::size_t>(7, ev.size() - at)));
        out.insert(out.end(), part.begin(), part.end());
    }
    REQUIRE(out.size() == 1);
    CHECK(out[0].payload == "M1-x");
}

TEST_CASE("a serial scanner on a pseudo-terminal delivers payloads through the scanner thread") {
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    const std::string slave = ::ptsname(master);
    Collector got;
    auto scanner = DeviceScanner::start(DeviceScanner::Kind::serial, slave,
                                        [&](DeviceScan s) { got.add(std::move(s)); });
    REQUIRE(scanner);
    const std::string data = "https://mz.example.gov.cn/mingbai/dibao\r\n11010519491231002X\r\n";
    REQUIRE(::write(master, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    REQUIRE(got.wait_for_payloads(2));
    CHECK(got.payloads() == std::vector<std::string>{"https://mz.example.gov.cn/mingbai/dibao",
                                                     "11010519491231002X"});
    scanner->reset();
    ::close(master);
}

TEST_CASE("an evdev scanner's events arrive whole, a missing device is reported, not fatal") {
    const auto fifo =
        std::filesystem::temp_directory_path() / ("mingbai-evdev-" + std::to_string(::getpid()));
    std::filesystem::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    Collector got;
    auto scanner = DeviceScanner::start(DeviceScanner::Kind::evdev, fifo.string(),
                                        [&](DeviceScan s) { got.add(std::move(s)); });
    REQUIRE(scanner);
    const int w = ::open(fifo.c_str(), O_WRONLY);
    REQUIRE(w >= 0);
    const auto ev = key_events({{KEY_A, 1}, {KEY_B, 1}, {KEY_C, 1}, {KEY_1, 1}, {KEY_KPENTER, 1}});
    REQUIRE(::write(w, ev.data(), ev.size()) == static_cast<ssize_t>(ev.size()));
    REQUIRE(got.wait_for_payloads(1));
    CHECK(got.payloads()[0] == "abc1");
    ::close(w);
    scanner->reset();
    std::filesystem::remove(fifo);

    Collector missing;
    auto none = DeviceScanner::start(DeviceScanner::Kind::evdev, "/dev/input/no-such-scanner",
                                     [&](DeviceScan s) { missing.add(std::move(s)); });
    REQUIRE(none);
    std::unique_lock lock(missing.m);
    REQUIRE(
        missing.cv.wait_for(lock, std::chrono::seconds(5), [&] { return !missing.scans.empty(); }));
    REQUIRE(missing.scans[0].problem);
    CHECK(missing.scans[0].problem->find("/dev/input/no-such-scanner") == 0);
}
