// Tests printer/print_job, print_worker and the transports against the emulator on real
// transports: TCP 9100 and a pseudo-terminal. Paper running out mid-job ends with one whole
// sheet once the roll is changed; bad transports say what is wrong.
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>

#include "printer/emulator/emulator_server.hpp"
#include "printer/job.hpp"
#include "printer/print_job.hpp"
#include "printer/print_worker.hpp"
#include "printer/transport.hpp"

using namespace printer;

namespace {

// A tall sheet with a recognisable pattern, so a partial print is easy to tell from a whole one.
Bitmap pattern_sheet(int height) {
    Bitmap bm(576, height);
    for (int y = 0; y < height; ++y) {
        for (int x = (y * 7) % 13; x < 576; x += 13) bm.set(x, y);
    }
    return bm;
}

Profile profile_80mm() {
    Profile p;
    p.band_height = 64;
    return p;
}

// Waits, without sleeping, for the worker to report a job in one of `states`.
struct WorkerWatch {
    std::mutex m;
    std::condition_variable cv;
    int changes = 0;
    void changed() {
        {
            std::lock_guard lock(m);
            ++changes;
        }
        cv.notify_all();
    }
    bool wait(PrintWorker& worker, std::uint64_t id, JobSnapshot::State state) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] {
            auto j = worker.job(id);
            return j && j->state == state;
        });
    }
};

}  // namespace

TEST_CASE("a job over TCP prints one whole sheet and the printer reports ready") {
    auto server = emulator::EmulatorServer::listen_tcp("127.0.0.1", 0, {});
    REQUIRE(server);
    auto t = open_transport("tcp:127.0.0.1:" + std::to_string((*server)->port()));
    REQUIRE(t);
    CHECK((*t)->bidirectional());
    auto status = query_status(**t);
    REQUIRE(status);
    REQUIRE(status->has_value());
    CHECK((*status)->can_print());

    const Bitmap sheet = pattern_sheet(600);
    const auto job = encode_raster_job(sheet, profile_80mm());
    std::size_t last_progress = 0;
    const auto result =
        run_job(**t, job, [&](std::size_t sent, std::size_t) { last_progress = sent; });
    CHECK(result.outcome == JobResult::Outcome::printed);
    CHECK(last_progress == job.total_bytes());
    REQUIRE((*server)->wait_for_sheets(1, 5000));
    (*server)->with_emulator([&](auto& emu) {
        REQUIRE(emu.sheets().size() == 1);
        for (int y = 0; y < sheet.height(); ++y)
            CHECK(std::equal(sheet.row(y), sheet.row(y) + 72, emu.sheets()[0].row(y)));
    });
}

TEST_CASE(
    "paper out mid-job over TCP: the job waits, and after the refill one whole sheet comes out") {
    emulator::EmulatorOptions o;
    o.paper_mm = 40;  // runs out part way through a sheet of about 75 mm
    auto server = emulator::EmulatorServer::listen_tcp("127.0.0.1", 0, o);
    REQUIRE(server);
    const Bitmap sheet = pattern_sheet(600);

    WorkerWatch watch;
    int paper_dots = 0;
    PrintWorker worker(
        {"tcp:127.0.0.1:" + std::to_string((*server)->port()), std::chrono::milliseconds(60'000)},
        [&] { watch.changed(); }, [&](int dots) { paper_dots += dots; });
    const auto id = worker.submit(encode_raster_job(sheet, profile_80mm()), "pattern");
    REQUIRE(watch.wait(worker, id, JobSnapshot::State::waiting_for_printer));
    const auto waiting = worker.job(id);
    REQUIRE(waiting->printer);
    CHECK(waiting->printer->paper_out);
    CHECK(waiting->problem.find("paper out") != std::string::npos);
    (*server)->with_emulator([&](auto& emu) { CHECK(emu.sheets().empty()); });

    // Staff change the roll and say so; the whole sheet prints again from the start.
    (*server)->with_emulator([&](auto& emu) { emu.refill(std::nullopt); });
    worker.retry_now();
    REQUIRE(watch.wait(worker, id, JobSnapshot::State::done));
    REQUIRE((*server)->wait_for_sheets(1, 5000));
    (*server)->with_emulator([&](auto& emu) {
        REQUIRE(emu.sheets().size() == 1);
        CHECK(emu.torn_off().size() == 1);  // the partial sheet, torn off at the refill
        const Bitmap& whole = emu.sheets()[0];
        REQUIRE(whole.height() >= sheet.height());
        for (int y = 0; y < sheet.height(); ++y)
            REQUIRE(std::equal(sheet.row(y), sheet.row(y) + 72, whole.row(y)));
    });
    CHECK(worker.job(id)->attempts == 2);
    CHECK(paper_dots > sheet.height());
}

TEST_CASE("a cover left open stops the job before a byte of it is sent") {
    emulator::EmulatorOptions o;
    o.cover_open = true;
    auto server = emulator::EmulatorServer::listen_tcp("127.0.0.1", 0, o);
    REQUIRE(server);
    auto t = open_transport("tcp:127.0.0.1:" + std::to_string((*server)->port()));
    REQUIRE(t);
    const auto result = run_job(**t, encode_raster_job(pattern_sheet(100), profile_80mm()));
    CHECK(result.outcome == JobResult::Outcome::cover_open);
    CHECK(result.bytes_sent == 0);
}

TEST_CASE("a serial printer on a pseudo-terminal prints and answers status") {
    auto server = emulator::EmulatorServer::open_pty({});
    REQUIRE(server);
    auto t = open_transport("serial:" + (*server)->pty_path() + "?baud=115200");
    REQUIRE_MESSAGE(t, (t ? "" : t.error().message));
    const auto result = run_job(**t, encode_raster_job(pattern_sheet(200), profile_80mm()));
    CHECK(result.outcome == JobResult::Outcome::printed);
    CHECK((*server)->wait_for_sheets(1, 5000));
}

TEST_CASE("a printer that went away: the job waits and is not lost") {
    WorkerWatch watch;
    PrintWorker worker({"tcp:127.0.0.1:1", std::chrono::milliseconds(60'000)},
                       [&] { watch.changed(); });
    const auto id = worker.submit(encode_raster_job(pattern_sheet(50), profile_80mm()), "nowhere");
    REQUIRE(watch.wait(worker, id, JobSnapshot::State::waiting_for_printer));
    CHECK(worker.job(id)->problem.find("tcp:127.0.0.1:1") != std::string::npos);
    CHECK(worker.jobs().size() == 1);
}

TEST_CASE("bad transports say what is wrong and what to do") {
    auto bad = open_transport("lpt:1");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == TransportError::Kind::bad_spec);
    CHECK(bad.error().message.find("bad printer spec \"lpt:1\": expected \"emulator\"") == 0);

    auto missing = open_transport("usb:/dev/usb/lp9");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == TransportError::Kind::not_found);
    CHECK(missing.error().message.find("/dev/usb/lp9: no such device") == 0);

    auto baud = open_transport("serial:/dev/ttyUSB0?baud=12345");
    REQUIRE_FALSE(baud);
    CHECK(baud.error().kind == TransportError::Kind::bad_spec);
    CHECK(baud.error().message ==
          "bad printer spec \"serial:/dev/ttyUSB0?baud=12345\": expected "
          "baud=9600, 19200, 38400, 57600, 115200 or 230400");

    // A port out of range is a bad spec, never a connection to the port it wraps around to.
    auto port = open_transport("tcp:127.0.0.1:99999");
    REQUIRE_FALSE(port);
    CHECK(port.error().kind == TransportError::Kind::bad_spec);
    CHECK(port.error().message ==
          "bad printer spec \"tcp:127.0.0.1:99999\": expected a port from 1 to 65535");

    // Permission: the message names the group that owns the device.
    const auto denied = open_error("/dev/null", EACCES);
    CHECK(denied.kind == TransportError::Kind::permission);
    CHECK(denied.message.find("add the kiosk's user to the group \"root\"") != std::string::npos);
}

TEST_CASE("check_spec: what can name a printer, decided without opening anything") {
    using printer::check_spec;
    for (const char* good :
         {"emulator", "emulator:", "emulator:/tmp/printed", "file:/tmp/x.bin", "usb:/dev/usb/lp0",
          "tcp:192.168.1.50:9100", "tcp:printer.local:1", "tcp:[::1]:65535", "tcp:::1:9100",
          "serial:/dev/ttyUSB0", "serial:/dev/ttyUSB0?baud=9600", "serial:/dev/ttyS0?baud=230400",
          "serial:/dev/ttyUSB0?baud=115200&flow=rtscts", "serial:/dev/ttyUSB0?flow=xonxoff"}) {
        CAPTURE(good);
        CHECK(check_spec(good).has_value());
    }
    const std::pair<const char*, const char*> bad[] = {
        {"tcp:127.0.0.1:99999", "expected a port from 1 to 65535"},
        {"tcp:127.0.0.1:65536", "expected a port from 1 to 65535"},
        {"tcp:127.0.0.1:0", "expected a port from 1 to 65535"},
        {"tcp:127.0.0.1:-1", "expected a port from 1 to 65535"},
        {"tcp:127.0.0.1:+9100", "expected a port from 1 to 65535"},
        {"tcp:printer:jetdirect", "expected a port from 1 to 65535"},
        {"tcp:127.0.0.1:", "expected a port from 1 to 65535"},
        {"tcp::9100", "expected tcp:HOST:PORT"},
        {"tcp:printer", "expected tcp:HOST:PORT"},
        {"serial:/dev/ttyUSB0?baud=123", "expected baud=9600, 19200"},
        {"serial:/dev/ttyUSB0?baud=14400", "expected baud=9600, 19200"},
        {"serial:/dev/ttyUSB0?baud=fast", "expected baud=9600, 19200"},
        {"serial:/dev/ttyUSB0?flow=dtrdsr", "expected the options baud=N and flow="},
        {"serial:?baud=9600", "expected serial:DEVICE?baud=N"},
        {"file:", "expected \"emulator\""},
        {"usb:", "expected \"emulator\""},
        {"lpt:1", "expected \"emulator\""},
        {"", "expected \"emulator\""},
    };
    for (const auto& [spec, reason] : bad) {
        CAPTURE(spec);
        const auto r = check_spec(spec);
        REQUIRE_FALSE(r);
        CHECK_MESSAGE(r.error().starts_with(reason), r.error());
    }
}

TEST_CASE("garbage on the status line: the job still prints, without status") {
    // A transport whose printer answers noise to every status request.
    class Noisy : public Transport {
      public:
        std::vector<std::uint8_t> written;
        std::expected<void, TransportError> write(std::span<const std::uint8_t> b) override {
            written.insert(written.end(), b.begin(), b.end());
            return {};
        }
        std::expected<std::size_t, TransportError> read(std::span<std::uint8_t> buf, int) override {
            for (auto& b : buf) b = 0xFF;
            return buf.size();
        }
        bool bidirectional() const override { return true; }
        std::string describe() const override { return "noisy"; }
    } noisy;
    const auto job = encode_raster_job(pattern_sheet(100), profile_80mm());
    const auto result = run_job(noisy, job);
    CHECK(result.outcome == JobResult::Outcome::printed);
    CHECK(result.bytes_sent == job.total_bytes());
}
