// Tests scanner/id_card_reader and scanner/id_card_emulator: GA 467 frames, the card's text block,
// and a reader on a pseudo-terminal finding, reading and losing cards, through line faults.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "base/log.hpp"
#include "scanner/id_card_emulator.hpp"
#include "scanner/id_card_reader.hpp"

namespace {

using namespace scanner;
using Bytes = std::vector<std::uint8_t>;

constexpr base::Date kToday{2026, 5, 20};

// Fictional numbers: address code 990102 belongs to no county.
std::string fictional_id(std::string_view birth = "19800101", std::string_view sequence = "123") {
    std::string first17 = "990102" + std::string(birth) + std::string(sequence);
    return first17 + id_check_character(first17);
}

std::string fictional_id_ending_in_x() {
    for (int sequence = 100; sequence < 1000; ++sequence) {
        const std::string id = fictional_id("19750615", std::to_string(sequence));
        if (id.back() == 'X') return id;
    }
    FAIL("no sequence number gives the check character X");
    return {};
}

std::string with_wrong_check(std::string id) {
    id.back() = id.back() == '1' ? '2' : '1';
    return id;
}

EmulatorCard card_with_id(std::string id) {
    EmulatorCard card;
    card.name = "李测试";
    card.sex = "1";
    card.nation = "01";
    card.birth = id.substr(6, 8);
    card.address = "某某省某某县幸福镇光明村一组1号";
    card.id = std::move(id);
    card.authority = "某某县公安局";
    card.valid_from = "20200101";
    card.valid_until = "长期";
    return card;
}

// Neither the whole number nor its first 17 digits may show in what staff or logs see.
bool leaks(std::string_view text, std::string_view id) {
    return text.find(id) != std::string_view::npos ||
           text.find(id.substr(0, 17)) != std::string_view::npos;
}

std::unique_ptr<IdCardEmulator> emulator_with(std::optional<EmulatorCard> card) {
    auto emulator = IdCardEmulator::open_pty(std::move(card));
    REQUIRE_MESSAGE(emulator.has_value(), (emulator ? std::string() : emulator.error()));
    return std::move(*emulator);
}

std::unique_ptr<IdCardReader> reader_on(const IdCardEmulator& emulator, int timeout_ms = 1500) {
    auto reader = IdCardReader::open({emulator.pty_path(), 115200, timeout_ms});
    REQUIRE_MESSAGE(reader.has_value(), (reader ? std::string() : reader.error()));
    return std::move(*reader);
}

// Everything the log writes to stderr while it lives, at debug level.
class CapturedLog {
  public:
    CapturedLog() : previous_level_(base::log::level()) {
        std::fflush(stderr);
        saved_ = ::dup(2);
        file_ = std::tmpfile();
        REQUIRE(file_ != nullptr);
        ::dup2(::fileno(file_), 2);
        base::log::set_level(base::log::Level::debug);
    }
    ~CapturedLog() { restore(); }
    std::string text() {
        restore();
        std::string out;
        std::rewind(file_);
        for (int c; (c = std::fgetc(file_)) != EOF;) out += static_cast<char>(c);
        return out;
    }

  private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        ::dup2(saved_, 2);
        ::close(saved_);
        saved_ = -1;
        base::log::set_level(previous_level_);
    }
    base::log::Level previous_level_;
    int saved_ = -1;
    std::FILE* file_ = nullptr;
};

}  // namespace

TEST_CASE("the well-known command frames come out byte for byte") {
    CHECK(encode_frame(kFindCard) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22});
    CHECK(encode_frame(kSelectCard) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x02, 0x21});
    CHECK(encode_frame(kReadCard) ==
          Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32});
    // A reader's "card found": the checksum covers LEN and the body, not the preamble.
    const Bytes found = {0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00};
    CHECK(encode_frame(found) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x08, 0x00, 0x00, 0x9F,
                                       0x00, 0x00, 0x00, 0x00, 0x97});
}

TEST_CASE("a frame decodes back to its body, short or as long as a card read") {
    Bytes long_body(1287);
    for (std::size_t i = 0; i < long_body.size(); ++i)
        long_body[i] = static_cast<std::uint8_t>(i * 31);
    for (const Bytes& body : {Bytes{0x20, 0x01}, long_body}) {
        const Bytes frame = encode_frame(body);
        std::size_t used = 0;
        const auto decoded = decode_frame(frame, used);
        REQUIRE(decoded.has_value());
        CHECK(decoded->body == body);
        CHECK(used == frame.size());
    }
}

TEST_CASE("junk before the preamble is skipped, and a partial preamble at the end is kept") {
    const Bytes frame = encode_frame(kFindCard);
    // Junk that looks like the start of a preamble, but is not one.
    const Bytes junk = {0x00, 0xAA, 0x96, 0xAA, 0xAA, 0x69, 0x13, 0xFF};
    Bytes line = junk;
    line.insert(line.end(), frame.begin(), frame.end());
    std::size_t used = 0;
    auto decoded = decode_frame(line, used);
    REQUIRE(decoded.has_value());
    CHECK(decoded->body == Bytes{0x20, 0x01});
    CHECK(used == line.size());

    decoded = decode_frame(junk, used);
    CHECK(decoded.error() == FrameProblem::bad_preamble);
    CHECK(used == junk.size());

    const Bytes junk_then_start = {0x13, 0x37, 0xAA, 0xAA};
    decoded = decode_frame(junk_then_start, used);
    CHECK(decoded.error() == FrameProblem::need_more);
    CHECK(used == 2);
}

TEST_CASE("a frame cut anywhere needs more, and arriving byte by byte makes exactly one frame") {
    const Bytes answer = {0x00, 0x00, 0x90, 0x01, 0x02, 0x03};
    const Bytes frame = encode_frame(answer);
    for (std::size_t cut = 0; cut < frame.size(); ++cut) {
        CAPTURE(cut);
        std::size_t used = 99;
        const auto decoded = decode_frame(std::span(frame).first(cut), used);
        REQUIRE_FALSE(decoded.has_value());
        CHECK(decoded.error() == FrameProblem::need_more);
        CHECK(used == 0);
    }

    Bytes line = {0x55, 0xAA};  // junk first, as after a reader powers up
    line.insert(line.end(), frame.begin(), frame.end());
    Bytes pending;
    std::vector<Frame> frames;
    for (const std::uint8_t b : line) {
        pending.push_back(b);
        std::size_t used = 0;
        auto decoded = decode_frame(pending, used);
        pending.erase(pending.begin(), pending.begin() + static_cast<long>(used));
        if (decoded) frames.push_back(*decoded);
    }
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].body == answer);
    CHECK(pending.empty());
}

TEST_CASE(
    "a wrong checksum and an impossible length are reported, and the next frame still comes") {
    Bytes damaged = encode_frame(kFindCard);
    damaged.back() ^= 0x01;
    const Bytes good = encode_frame(kReadCard);
    Bytes line = damaged;
    line.insert(line.end(), good.begin(), good.end());
    std::size_t used = 0;
    auto decoded = decode_frame(line, used);
    CHECK(decoded.error() == FrameProblem::bad_checksum);
    CHECK(used == damaged.size());
    decoded = decode_frame(std::span(line).subspan(used), used);
    REQUIRE(decoded.has_value());
    CHECK(decoded->body == Bytes{0x30, 0x01});

    for (const Bytes& length : {Bytes{0x00, 0x01}, Bytes{0x00, 0x00}, Bytes{0xFF, 0xFF}}) {
        Bytes bad = {0xAA, 0xAA, 0xAA, 0x96, 0x69, length[0], length[1], 0x20, 0x01, 0x00};
        decoded = decode_frame(bad, used);
        CHECK(decoded.error() == FrameProblem::bad_length);
        CHECK(used == 1);  // past this preamble only: a real one may follow
    }
}

TEST_CASE("the emulator's text block holds each field in UCS-2LE, padded with spaces") {
    const std::string id = fictional_id();
    const auto block = card_with_id(id).text_block();
    // 李 is U+674E, then spaces (20 00) to the end of the 30-byte name.
    CHECK(block[0] == 0x4E);
    CHECK(block[1] == 0x67);
    CHECK(block[28] == 0x20);
    CHECK(block[29] == 0x00);
    for (std::size_t i = 0; i < 18; ++i) {
        CHECK(block[text_field::kIdNumberOffset + 2 * i] == static_cast<std::uint8_t>(id[i]));
        CHECK(block[text_field::kIdNumberOffset + 2 * i + 1] == 0x00);
    }
    CHECK(block[254] == 0x20);
    CHECK(block[255] == 0x00);
}

TEST_CASE("the text block yields the ID number and its birth date") {
    const std::string id = fictional_id("19800101");
    const auto block = card_with_id(id).text_block();
    const auto parsed = parse_text_block(block, kToday);
    REQUIRE_MESSAGE(parsed.has_value(), (parsed ? std::string() : parsed.error()));
    CHECK(parsed->full_number_for_transmission() == id);
    CHECK(parsed->birth_date() == base::Date{1980, 1, 1});
}

TEST_CASE("an ID number with a wrong check character is refused, without showing the number") {
    const std::string id = with_wrong_check(fictional_id());
    const auto parsed = parse_text_block(card_with_id(id).text_block(), kToday);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().find("check") != std::string::npos);
    CHECK_FALSE(leaks(parsed.error(), id));

    const Bytes short_block(200, 0x20);
    const auto too_short = parse_text_block(short_block, kToday);
    REQUIRE_FALSE(too_short.has_value());
    CHECK(too_short.error().find("200") != std::string::npos);
}

TEST_CASE("a card whose number ends in a lower-case x is read as X") {
    const std::string id = fictional_id_ending_in_x();
    std::string lower = id;
    lower.back() = 'x';
    const auto parsed = parse_text_block(card_with_id(lower).text_block(), kToday);
    REQUIRE_MESSAGE(parsed.has_value(), (parsed ? std::string() : parsed.error()));
    CHECK(parsed->full_number_for_transmission() == id);
}

TEST_CASE("on the reader: no card, then a card, then no card again") {
    const std::string id = fictional_id("19621208", "457");
    auto emulator = emulator_with(std::nullopt);
    auto reader = reader_on(*emulator);

    auto result = reader->read_card();
    REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error()));
    CHECK_FALSE(result->has_value());

    emulator->set_card(card_with_id(id));
    result = reader->read_card();
    REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error()));
    REQUIRE(result->has_value());
    CHECK((*result)->full_number_for_transmission() == id);
    CHECK((*result)->birth_date() == base::Date{1962, 12, 8});
    CHECK((*result)->masked() == id.substr(0, 4) + std::string(10, '*') + id.substr(14));

    // The same card read again, as the kiosk polls while it lies there.
    result = reader->read_card();
    REQUIRE(result.has_value());
    REQUIRE(result->has_value());
    CHECK(**result == IdNumber::parse(id, kToday).value());

    emulator->set_card(std::nullopt);
    result = reader->read_card();
    REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error()));
    CHECK_FALSE(result->has_value());
}

TEST_CASE("a damaged answer is an error, and the next read succeeds") {
    const std::string id = fictional_id();
    auto emulator = emulator_with(card_with_id(id));
    auto reader = reader_on(*emulator);

    emulator->corrupt_next_checksum();
    auto result = reader->read_card();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().find("checksum") != std::string::npos);

    result = reader->read_card();
    REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error()));
    REQUIRE(result->has_value());
    CHECK((*result)->full_number_for_transmission() == id);
}

TEST_CASE("an answer that stops short times out, and the reader stays usable") {
    const std::string id = fictional_id();
    auto emulator = emulator_with(card_with_id(id));
    auto reader = reader_on(*emulator, 300);

    emulator->truncate_next_frame();
    auto result = reader->read_card();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().find("stopped short") != std::string::npos);
    CHECK(result.error().find("300 ms") != std::string::npos);

    result = reader->read_card();
    REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error()));
    REQUIRE(result->has_value());
    CHECK((*result)->full_number_for_transmission() == id);
}

TEST_CASE("garbage on the line before a good answer does not stop the read") {
    const std::string id = fictional_id();
    auto emulator = emulator_with(card_with_id(id));
    auto reader = reader_on(*emulator);

    emulator->send_garbage({0x00, 0xFF, 0xAA, 0x96, 0xAA, 0xAA, 0x69, 0x0D, 0x0A, 0x11, 0x13});
    auto result = reader->read_card();
    REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error()));
    REQUIRE(result->has_value());
    CHECK((*result)->full_number_for_transmission() == id);
}

TEST_CASE("a card with an invalid number is an error that does not show the number") {
    const std::string id = with_wrong_check(fictional_id());
    auto emulator = emulator_with(card_with_id(id));
    auto reader = reader_on(*emulator);
    const auto result = reader->read_card();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().find("check character") != std::string::npos);
    CHECK_FALSE(leaks(result.error(), id));
}

TEST_CASE("neither messages, describe() nor the log ever hold the full number") {
    const std::string id = fictional_id("19880229", "642");
    const std::string bad_id = with_wrong_check(id);
    auto emulator = emulator_with(card_with_id(id));
    auto reader = reader_on(*emulator, 300);
    std::vector<std::string> seen = {reader->describe()};

    CapturedLog log;
    const auto good = reader->read_card();
    REQUIRE(good.has_value());
    REQUIRE(good->has_value());
    emulator->corrupt_next_checksum();
    seen.push_back(reader->read_card().error());
    emulator->truncate_next_frame();
    seen.push_back(reader->read_card().error());
    emulator->set_card(card_with_id(bad_id));
    seen.push_back(reader->read_card().error());
    const std::string logged = log.text();

    CHECK(logged.find("find card") != std::string::npos);  // the log was captured
    CHECK_FALSE(leaks(logged, id));
    CHECK_FALSE(leaks(logged, bad_id));
    for (const std::string& text : seen) {
        CAPTURE(text);
        CHECK_FALSE(leaks(text, id));
        CHECK_FALSE(leaks(text, bad_id));
    }
    CHECK(seen[0] == "ID card reader on " + emulator->pty_path() + " (115200 baud)");
}

TEST_CASE("the emulator answers out-of-order, unknown and damaged commands as a reader does") {
    auto emulator = emulator_with(card_with_id(fictional_id()));
    const int fd = ::open(emulator->pty_path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    const auto ask = [&](const Bytes& frame) -> Bytes {
        REQUIRE(::write(fd, frame.data(), frame.size()) == static_cast<ssize_t>(frame.size()));
        Bytes pending;
        for (;;) {
            std::size_t used = 0;
            auto decoded = decode_frame(pending, used);
            if (decoded) return decoded->body;
            pollfd in{fd, POLLIN, 0};
            REQUIRE(::poll(&in, 1, 2000) == 1);
            std::uint8_t buffer[2048];
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            REQUIRE(n > 0);
            pending.insert(pending.end(), buffer, buffer + n);
        }
    };
    CHECK(ask(encode_frame(kReadCard)) == Bytes{0x00, 0x00, reader_status::kReadFailed});
    CHECK(ask(encode_frame(kSelectCard)) == Bytes{0x00, 0x00, reader_status::kSelectFailed});
    CHECK(ask(encode_frame(Bytes{0x11, 0xFF})) ==
          Bytes{0x00, 0x00, reader_status::kUnknownCommand});
    Bytes damaged = encode_frame(kFindCard);
    damaged.back() ^= 0x40;
    CHECK(ask(damaged) == Bytes{0x00, 0x00, reader_status::kBadChecksum});
    CHECK(ask(encode_frame(kFindCard)) ==
          Bytes{0x00, 0x00, reader_status::kCardFound, 0x00, 0x00, 0x00, 0x00});
    CHECK(emulator->commands_received() == 5);
    ::close(fd);
}

TEST_CASE("opening a reader that is not there names the device") {
    auto reader = IdCardReader::open({"/dev/no-such-card-reader", 115200, 1500});
    REQUIRE_FALSE(reader.has_value());
    CHECK(reader.error() ==
          "/dev/no-such-card-reader: no such device (is the ID card reader plugged in?)");

    auto emulator = emulator_with(std::nullopt);
    reader = IdCardReader::open({emulator->pty_path(), 12345, 1500});
    REQUIRE_FALSE(reader.has_value());
    CHECK(reader.error().find("baud") != std::string::npos);

    reader = IdCardReader::open({"/dev/null", 115200, 1500});
    REQUIRE_FALSE(reader.has_value());
    CHECK(reader.error().find("/dev/null: not a serial line") == 0);
}
