// Tests printer/emulator: what a person would see on the paper and on the status line when the
// kiosk's ESC/POS bytes reach the stand-in printer, directly, over TCP and over a pty.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "printer/bitmap.hpp"
#include "printer/emulator/emulator_server.hpp"
#include "printer/emulator/escpos_emulator.hpp"
#include "printer/escpos.hpp"
#include "printer/qr_code.hpp"

namespace {

using printer::Bitmap;
using printer::emulator::EmulatorOptions;
using printer::emulator::EmulatorServer;
using printer::emulator::EscPosEmulator;
namespace escpos = printer::escpos;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint8_t kFixed = escpos::kStatusFixedValue;
constexpr const char* kDibaoGb18030 = "\xB5\xCD\xB1\xA3";  // 低保

// Default options with a few fields changed (designated initialisers would warn about the rest).
template <class Change>
EmulatorOptions options_with(Change change) {
    EmulatorOptions options;
    change(options);
    return options;
}

// A pattern no two rows of which are alike, with dots touching every edge.
Bitmap pattern(int width, int height) {
    Bitmap b(width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (x == 0 || y == 0 || x == width - 1 || y == height - 1 ||
                (x * 7 + y * 13) % 11 < 3) {
                b.set(x, y);
            }
        }
    }
    return b;
}

Bytes status_requests() {
    Bytes out;
    for (const auto kind : {escpos::StatusKind::printer, escpos::StatusKind::offline,
                            escpos::StatusKind::error, escpos::StatusKind::paper}) {
        escpos::status_request(out, kind);
    }
    return out;
}

void append(Bytes& out, std::string_view text) {
    out.insert(out.end(), text.begin(), text.end());
}

struct Box {
    int left = 0, top = 0, right = -1, bottom = -1;  // inclusive; right < left when empty
    bool empty() const { return right < left; }
    int width() const { return right - left + 1; }
    int height() const { return bottom - top + 1; }
};

Box black_box(const Bitmap& b) {
    Box box{b.width(), b.height(), -1, -1};
    for (int y = 0; y < b.height(); ++y) {
        for (int x = 0; x < b.width(); ++x) {
            if (!b.get(x, y)) continue;
            box.left = std::min(box.left, x);
            box.top = std::min(box.top, y);
            box.right = std::max(box.right, x);
            box.bottom = std::max(box.bottom, y);
        }
    }
    return box;
}

Bytes text_sheet(int alignment) {
    Bytes out;
    escpos::initialize(out);
    escpos::align(out, alignment);
    escpos::kanji_mode(out, true);
    append(out, kDibaoGb18030);
    out.push_back(escpos::kLf);
    escpos::cut(out);
    return out;
}

// ---- Real transports ------------------------------------------------------------------------

struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

int connect_local(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Writes everything, waiting at most `timeout_ms` for room each time, so a stalled printer
// fails the test instead of hanging it.
bool write_all(int fd, const Bytes& bytes, int timeout_ms = 5000) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, timeout_ms) != 1) return false;
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EAGAIN) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::optional<std::uint8_t> read_byte(int fd, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return std::nullopt;
    std::uint8_t byte = 0;
    if (::read(fd, &byte, 1) != 1) return std::nullopt;
    return byte;
}

std::filesystem::path fresh_dir(const std::string& name) {
    const auto dir =
        std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("a raster image followed by a cut comes out as exactly that image") {
    const Bitmap image = pattern(576, 150);

    SUBCASE("in one band") {
        EscPosEmulator emulator;
        Bytes out;
        escpos::raster_band(out, image, 0, image.height());
        escpos::cut(out);
        CHECK(emulator.feed(out).empty());
        REQUIRE(emulator.sheets().size() == 1);
        CHECK(emulator.sheets()[0] == image);
        CHECK(emulator.current().height() == 0);
        CHECK(emulator.unknown_commands().empty());
    }
    SUBCASE("in bands stacked one under the other") {
        EscPosEmulator emulator;
        Bytes out;
        escpos::raster_band(out, image, 0, 1);
        escpos::raster_band(out, image, 1, 63);
        escpos::raster_band(out, image, 64, 86);
        escpos::cut(out);
        emulator.feed(out);
        REQUIRE(emulator.sheets().size() == 1);
        CHECK(emulator.sheets()[0] == image);
    }
    SUBCASE("narrower than the paper: left-aligned, white to the right") {
        EscPosEmulator emulator(options_with([](EmulatorOptions& o) { o.width_dots = 384; }));
        const Bitmap narrow = pattern(100, 20);  // 13 bytes a row: the last byte part padding
        Bytes out;
        escpos::raster_band(out, narrow, 0, narrow.height());
        escpos::cut(out);
        emulator.feed(out);
        REQUIRE(emulator.sheets().size() == 1);
        Bitmap expected(384, 20);
        expected.blit(narrow, 0, 0);
        CHECK(emulator.sheets()[0] == expected);
    }
    SUBCASE("wider than the paper: clipped at the paper's edge") {
        EscPosEmulator emulator(options_with([](EmulatorOptions& o) { o.width_dots = 384; }));
        Bytes out;
        escpos::raster_band(out, image, 0, 30);
        escpos::cut(out);
        emulator.feed(out);
        REQUIRE(emulator.sheets().size() == 1);
        Bitmap expected(384, 30);
        expected.blit(image, 0, 0);
        CHECK(emulator.sheets()[0] == expected);
    }
}

TEST_CASE("feeds move the paper, and each cut makes its own sheet") {
    EscPosEmulator emulator;
    const Bitmap image = pattern(576, 10);
    Bytes out;
    escpos::raster_band(out, image, 0, 10);
    escpos::feed_dots(out, 300);  // two ESC J commands
    escpos::cut(out);
    escpos::cut(out);  // nothing moved: nothing falls out
    escpos::raster_band(out, image, 0, 10);
    out.insert(out.end(), {escpos::kGs, 'V', 65, 20});  // feed 20 dots, then cut
    emulator.feed(out);
    REQUIRE(emulator.sheets().size() == 2);
    CHECK(emulator.sheets()[0].height() == 310);
    CHECK(black_box(emulator.sheets()[0]).bottom == 9);
    CHECK(emulator.sheets()[1].height() == 30);
    CHECK(emulator.printed_mm() == doctest::Approx(340 * 25.4 / 203));
}

TEST_CASE("text mode prints 低保 in the built-in font, where the alignment puts it") {
    SUBCASE("left-aligned: at the left edge, nothing to the right of the text") {
        EscPosEmulator emulator;
        emulator.feed(text_sheet(0));
        REQUIRE(emulator.sheets().size() == 1);
        const Bitmap& sheet = emulator.sheets()[0];
        CHECK(sheet.height() == 30);  // one line at the default spacing
        const Box box = black_box(sheet);
        REQUIRE_FALSE(box.empty());
        CHECK(box.left < 6);
        CHECK(box.right < 50);  // two 24-dot characters
        CHECK(box.width() > 30);
        CHECK(box.bottom < 24);  // inside the font's 24-dot cell
        CHECK(box.height() > 12);
        CHECK(emulator.unknown_commands().empty());
    }
    SUBCASE("centred: the same text moves to the middle of the paper") {
        EscPosEmulator left_printer, centre_printer;
        left_printer.feed(text_sheet(0));
        centre_printer.feed(text_sheet(1));
        REQUIRE(centre_printer.sheets().size() == 1);
        const Box left = black_box(left_printer.sheets()[0]);
        const Box centre = black_box(centre_printer.sheets()[0]);
        CHECK(centre.width() == left.width());
        CHECK(centre.left - left.left == (576 - 48) / 2);
    }
    SUBCASE("right-aligned: ends at the right edge") {
        EscPosEmulator emulator;
        emulator.feed(text_sheet(2));
        REQUIRE(emulator.sheets().size() == 1);
        CHECK(black_box(emulator.sheets()[0]).right > 576 - 6);
    }
    SUBCASE("double size: twice as wide and twice as tall") {
        EscPosEmulator normal_printer, double_printer;
        normal_printer.feed(text_sheet(0));
        Bytes out;
        escpos::char_size(out, 2, 2);
        const Bytes rest = text_sheet(0);
        out.insert(out.end(), rest.begin() + 2, rest.end());  // keep the size past ESC @
        double_printer.feed(out);
        REQUIRE(double_printer.sheets().size() == 1);
        CHECK(double_printer.sheets()[0].height() == 48);
        const Box normal = black_box(normal_printer.sheets()[0]);
        const Box doubled = black_box(double_printer.sheets()[0]);
        CHECK(doubled.width() == doctest::Approx(2 * normal.width()).epsilon(0.1));
        CHECK(doubled.height() == doctest::Approx(2 * normal.height()).epsilon(0.1));
    }
    SUBCASE("a line wider than the paper goes on over the next line") {
        EscPosEmulator emulator(options_with([](EmulatorOptions& o) { o.width_dots = 384; }));
        Bytes out;
        append(out, std::string(40, 'x'));  // 40 half-width characters: 480 dots
        out.push_back(escpos::kLf);
        escpos::cut(out);
        emulator.feed(out);
        REQUIRE(emulator.sheets().size() == 1);
        CHECK(emulator.sheets()[0].height() == 60);
    }
}

TEST_CASE("a native QR code prints as a square of its modules at the module size") {
    const std::string url = "https://mz.example.gov.cn/jiuzhu/dibao";
    const auto code = printer::encode_qr(url, {.level = printer::QrErrorLevel::quartile});
    REQUIRE(code);
    const int side = code->size * 4;

    EscPosEmulator emulator;
    Bytes out;
    escpos::qr_native(out, url, 4, 'Q');
    escpos::cut(out);
    escpos::align(out, 1);
    escpos::qr_native(out, url, 4, 'Q');
    escpos::cut(out);
    emulator.feed(out);
    REQUIRE(emulator.sheets().size() == 2);
    CHECK(emulator.unknown_commands().empty());

    const Bitmap& left = emulator.sheets()[0];
    CHECK(left.height() == side);
    const Box box = black_box(left);
    CHECK(box.left == 0);
    CHECK(box.top == 0);
    CHECK(box.width() == side);
    CHECK(box.height() == side);
    // Module by module, the same code as the encoder's.
    for (int y = 0; y < code->size; ++y) {
        for (int x = 0; x < code->size; ++x) {
            CHECK(left.get(x * 4 + 1, y * 4 + 2) == code->dark(x, y));
        }
    }

    const Box centred = black_box(emulator.sheets()[1]);
    CHECK(centred.left == (576 - side) / 2);
    CHECK(centred.width() == side);
}

TEST_CASE("DLE EOT answers one byte each, saying what a person would see") {
    SUBCASE("a ready printer: only the fixed bits") {
        EscPosEmulator emulator;
        CHECK(emulator.feed(status_requests()) == Bytes{kFixed, kFixed, kFixed, kFixed});
    }
    SUBCASE("cover open: offline, cover open, and nothing prints") {
        EscPosEmulator emulator(options_with([](EmulatorOptions& o) { o.cover_open = true; }));
        CHECK(emulator.feed(status_requests()) == Bytes{kFixed | escpos::kPrinterOffline,
                                                        kFixed | escpos::kOfflineCoverOpen, kFixed,
                                                        kFixed});
        Bytes out;
        escpos::raster_band(out, pattern(576, 20), 0, 20);
        escpos::cut(out);
        emulator.feed(out);
        CHECK(emulator.sheets().empty());
        CHECK(emulator.current().height() == 0);

        emulator.set_cover_open(false);
        CHECK(emulator.feed(status_requests()) == Bytes{kFixed, kFixed, kFixed, kFixed});
        emulator.feed(out);
        CHECK(emulator.sheets().size() == 1);
    }
    SUBCASE("the roll runs out, printing stops, and a new roll starts it again") {
        // 10 mm at 203 dpi is 80 dots of paper; near end below 3 mm.
        EscPosEmulator emulator(options_with([](EmulatorOptions& o) {
            o.paper_mm = 10.0;
            o.near_end_mm = 3.0;
        }));
        const Bitmap image = pattern(576, 50);
        Bytes band;
        escpos::raster_band(band, image, 0, 50);

        emulator.feed(band);
        CHECK(emulator.feed(status_requests()) == Bytes{kFixed, kFixed, kFixed, kFixed});
        CHECK(emulator.paper_left_mm().value() == doctest::Approx(10 - 50 * 25.4 / 203));

        Bytes ten_rows;
        escpos::raster_band(ten_rows, image, 0, 10);
        emulator.feed(ten_rows);
        Bytes paper_query;
        escpos::status_request(paper_query, escpos::StatusKind::paper);
        CHECK(emulator.feed(paper_query) == Bytes{kFixed | escpos::kPaperNearEnd});
        CHECK_FALSE(emulator.paper_out());

        emulator.feed(band);  // only 20 of these 50 rows fit
        CHECK(emulator.paper_out());
        CHECK(emulator.current().height() == 80);
        CHECK(emulator.paper_left_mm().value() == 0.0);
        CHECK(emulator.feed(status_requests()) ==
              Bytes{kFixed | escpos::kPrinterOffline, kFixed | escpos::kOfflinePaperEnd, kFixed,
                    kFixed | escpos::kPaperNearEnd | escpos::kPaperEnd});

        Bytes more = band;
        escpos::cut(more);
        emulator.feed(more);  // dropped: no paper to print on or cut
        CHECK(emulator.current().height() == 80);
        CHECK(emulator.sheets().empty());

        emulator.refill(100.0);
        REQUIRE(emulator.torn_off().size() == 1);
        CHECK(emulator.torn_off()[0].height() == 80);
        CHECK(emulator.torn_off()[0].get(0, 79));  // printed to the very end of the roll
        CHECK(emulator.current().height() == 0);
        CHECK(emulator.printed_mm() == 0.0);
        CHECK(emulator.feed(status_requests()) == Bytes{kFixed, kFixed, kFixed, kFixed});

        emulator.feed(more);
        REQUIRE(emulator.sheets().size() == 1);
        CHECK(emulator.sheets()[0] == image);
    }
}

TEST_CASE("junk on the line is reported with its offset, and the next good image still prints") {
    EscPosEmulator emulator;
    Bytes out = {0x00, 0x07, escpos::kEsc, 'z', escpos::kFs, 'x', escpos::kDle, 0x04, 9};
    const Bitmap image = pattern(576, 12);
    escpos::raster_band(out, image, 0, image.height());
    escpos::cut(out);
    emulator.feed(out);
    CHECK(emulator.unknown_commands() ==
          std::vector<std::string>{"byte 0: 00", "byte 1: 07", "byte 2: 1B 7A (ESC z)",
                                   "byte 4: 1C 78 (FS x)",
                                   "byte 6: 10 04 09 (DLE EOT with n out of 1..4)"});
    REQUIRE(emulator.sheets().size() == 1);
    CHECK(emulator.sheets()[0] == image);
}

TEST_CASE("commands split across deliveries at any byte print the same as in one piece") {
    Bytes stream;
    escpos::initialize(stream);
    escpos::raster_band(stream, pattern(64, 6), 0, 6);
    escpos::kanji_mode(stream, true);
    append(stream, kDibaoGb18030);
    append(stream, " ok");
    stream.push_back(escpos::kLf);
    escpos::qr_native(stream, "dibao", 2, 'M');
    escpos::status_request(stream, escpos::StatusKind::paper);
    stream.insert(stream.end(), {escpos::kEsc, 'z'});
    escpos::feed_dots(stream, 5);
    escpos::cut(stream);
    escpos::status_request(stream, escpos::StatusKind::offline);

    EscPosEmulator whole;
    const Bytes whole_answers = whole.feed(stream);
    REQUIRE(whole.sheets().size() == 1);
    CHECK(whole_answers == Bytes{kFixed, kFixed});
    CHECK(whole.unknown_commands().size() == 1);

    const auto same = [&](const EscPosEmulator& split, const Bytes& answers) {
        return answers == whole_answers && split.sheets() == whole.sheets() &&
               split.unknown_commands() == whole.unknown_commands() &&
               split.current() == whole.current();
    };
    for (std::size_t at = 1; at < stream.size(); ++at) {
        EscPosEmulator split;
        const std::span<const std::uint8_t> all(stream);
        Bytes answers = split.feed(all.first(at));
        const Bytes rest = split.feed(all.subspan(at));
        answers.insert(answers.end(), rest.begin(), rest.end());
        CAPTURE(at);
        CHECK(same(split, answers));
    }
    EscPosEmulator byte_by_byte;
    Bytes answers;
    for (const std::uint8_t b : stream) {
        const Bytes got = byte_by_byte.feed(std::span(&b, 1));
        answers.insert(answers.end(), got.begin(), got.end());
    }
    CHECK(same(byte_by_byte, answers));
}

TEST_CASE("over TCP: a sheet prints, a PNG is written and the status comes back on the socket") {
    const auto png_dir = fresh_dir("escpos-emulator-test");
    auto server = EmulatorServer::listen_tcp("127.0.0.1", 0, {}, png_dir.string());
    REQUIRE_MESSAGE(server.has_value(), (server ? std::string() : server.error()));
    REQUIRE((*server)->port() > 0);

    const Bitmap image = pattern(576, 40);
    Bytes job;
    escpos::raster_band(job, image, 0, image.height());
    escpos::cut(job);
    {
        Fd client(connect_local((*server)->port()));
        REQUIRE(client.fd >= 0);
        REQUIRE(write_all(client.fd, job));
        REQUIRE((*server)->wait_for_sheets(1, 5000));
        CHECK((*server)->with_emulator([](EscPosEmulator& e) { return e.sheets()[0]; }) == image);
        CHECK(std::filesystem::exists(png_dir / "sheet-0001.png"));

        Bytes query;
        escpos::status_request(query, escpos::StatusKind::paper);
        REQUIRE(write_all(client.fd, query));
        CHECK(read_byte(client.fd, 5000) == kFixed);
    }

    SUBCASE("unplugged mid-job: the bytes stay, and the next connection finishes the sheet") {
        const std::size_t half = job.size() / 2;
        const std::size_t before =
            (*server)->with_emulator([](EscPosEmulator& e) { return e.bytes_received(); });
        {
            Fd client(connect_local((*server)->port()));
            REQUIRE(client.fd >= 0);
            REQUIRE(write_all(client.fd, Bytes(job.begin(), job.begin() + half)));
            REQUIRE((*server)->wait_for_bytes(before + half, 5000));
        }
        Fd next(connect_local((*server)->port()));
        REQUIRE(next.fd >= 0);
        REQUIRE(write_all(next.fd, Bytes(job.begin() + half, job.end())));
        REQUIRE((*server)->wait_for_sheets(2, 5000));
        CHECK((*server)->with_emulator([](EscPosEmulator& e) { return e.sheets()[1]; }) == image);
    }
    SUBCASE("the status follows what staff do to the printer") {
        (*server)->with_emulator([](EscPosEmulator& e) { e.set_cover_open(true); });
        Fd client(connect_local((*server)->port()));
        REQUIRE(client.fd >= 0);
        Bytes query;
        escpos::status_request(query, escpos::StatusKind::offline);
        REQUIRE(write_all(client.fd, query));
        CHECK(read_byte(client.fd, 5000) == (kFixed | escpos::kOfflineCoverOpen));
    }
    server->reset();  // stops the worker before its folder goes
    std::filesystem::remove_all(png_dir);
}

TEST_CASE("over a pseudo-terminal: a serial transport prints and reads the status") {
    auto server = EmulatorServer::open_pty({});
    REQUIRE_MESSAGE(server.has_value(), (server ? std::string() : server.error()));
    Fd serial(::open((*server)->pty_path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    REQUIRE(serial.fd >= 0);

    // Raster bytes equal to LF and CR must arrive as they are: a tty left in its cooked mode
    // would turn LF into CR LF.
    Bitmap image(576, 16);
    for (int x = 0; x < 576; ++x) {
        if (x % 8 == 4 || x % 8 == 6) image.fill_rect(x, 2, 1, 4);                // bytes 0x0A
        if (x % 8 == 4 || x % 8 == 5 || x % 8 == 7) image.fill_rect(x, 9, 1, 4);  // 0x0D
    }
    Bytes job;
    escpos::raster_band(job, image, 0, image.height());
    job.insert(job.end(), {escpos::kLf, escpos::kLf});
    escpos::cut(job);
    escpos::status_request(job, escpos::StatusKind::printer);
    REQUIRE(write_all(serial.fd, job));
    REQUIRE((*server)->wait_for_sheets(1, 5000));
    CHECK(read_byte(serial.fd, 5000) == kFixed);
    const Bitmap sheet = (*server)->with_emulator([](EscPosEmulator& e) { return e.sheets()[0]; });
    REQUIRE(sheet.height() == 16 + 2 * 30);
    Bitmap expected(576, 16 + 2 * 30);
    expected.blit(image, 0, 0);
    CHECK(sheet == expected);
}

TEST_CASE("status answers nobody reads do not stall the printer") {
    auto server = EmulatorServer::open_pty({});
    REQUIRE_MESSAGE(server.has_value(), (server ? std::string() : server.error()));
    Fd serial(::open((*server)->pty_path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
    REQUIRE(serial.fd >= 0);

    Bytes job;
    for (int i = 0; i < 100000; ++i) escpos::status_request(job, escpos::StatusKind::paper);
    const Bitmap image = pattern(576, 8);
    escpos::raster_band(job, image, 0, image.height());
    escpos::cut(job);
    REQUIRE(write_all(serial.fd, job));
    REQUIRE((*server)->wait_for_sheets(1, 5000));
    CHECK((*server)->with_emulator([](EscPosEmulator& e) { return e.sheets()[0]; }) == image);
}
