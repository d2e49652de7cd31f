// The ID card reader: GA 467 frames, the card's text block, and the find/select/read exchange
// over a raw serial line with poll() timeouts.
#include "scanner/id_card_reader.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdio>

#include "base/device_error.hpp"
#include "base/log.hpp"
#include "base/posix_error.hpp"
#include "base/secret.hpp"
#include "base/serial_line.hpp"

namespace scanner {
namespace {

constexpr std::string_view kLog = "idcard";
constexpr std::size_t kHeaderSize = sizeof kFramePreamble + 2;  // preamble and LEN

// Card data (name, address, photo) passes through these buffers: overwritten, not just freed,
// so the next resident's session cannot find it in reused memory.
using base::wipe;

std::uint8_t xor_of(std::span<const std::uint8_t> bytes) {
    std::uint8_t x = 0;
    for (const std::uint8_t b : bytes) x ^= b;
    return x;
}

std::string hex_byte(std::uint8_t b) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", b);
    return text;
}

// What a status byte other than the expected ones means, for staff.
std::string status_message(std::uint8_t sw3, std::string_view what) {
    switch (sw3) {
        case reader_status::kSelectFailed:
            return "the card could not be selected (status 0x81); place it flat on the reader "
                   "and keep it still";
        case reader_status::kReadFailed:
            return "the card could not be read (status 0x41); place it flat on the reader and "
                   "keep it still";
        case reader_status::kBadChecksum:
            return "the card reader received the " + std::string(what) +
                   " command damaged (status 0x10); check the cable";
        case reader_status::kUnknownCommand:
            return "the card reader does not know the " + std::string(what) +
                   " command (status 0x21); is it a GA 467 resident ID card reader?";
        default:
            return "the card reader answered the " + std::string(what) + " command with status " +
                   hex_byte(sw3);
    }
}

// A card's ID field: ASCII digits and X in UCS-2LE, padded with spaces. Anything else becomes
// '?' so that IdNumber refuses it as bad characters.
std::string id_field_text(std::span<const std::uint8_t> field) {
    std::string text;
    for (std::size_t i = 0; i + 1 < field.size(); i += 2) {
        const unsigned unit = field[i] | static_cast<unsigned>(field[i + 1]) << 8;
        text += unit < 0x80 ? static_cast<char>(unit) : '?';
    }
    // Padding is spaces; some readers pad with NULs.
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
    return text;
}

std::string_view id_problem_words(IdProblem problem) {
    switch (problem) {
        case IdProblem::wrong_length:
            return "has the wrong length";
        case IdProblem::bad_characters:
            return "holds characters other than digits and X";
        case IdProblem::impossible_date:
        case IdProblem::future_date:
        case IdProblem::before_1900:
            return "holds an impossible birth date";
        case IdProblem::wrong_check:
            return "fails its check character";
    }
    return "is not valid";
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

}  // namespace

std::vector<std::uint8_t> encode_frame(std::span<const std::uint8_t> body) {
    assert(body.size() + 1 >= kMinFrameLength && body.size() + 1 <= kMaxFrameLength);
    const std::size_t length = body.size() + 1;
    std::vector<std::uint8_t> frame(std::begin(kFramePreamble), std::end(kFramePreamble));
    frame.push_back(static_cast<std::uint8_t>(length >> 8));
    frame.push_back(static_cast<std::uint8_t>(length & 0xFF));
    frame.insert(frame.end(), body.begin(), body.end());
    frame.push_back(xor_of(std::span(frame).subspan(sizeof kFramePreamble)));
    return frame;
}

std::string_view describe(FrameProblem problem) {
    switch (problem) {
        case FrameProblem::need_more:
            return "the frame is not complete yet";
        case FrameProblem::bad_preamble:
            return "no frame start (AA AA AA 96 69) in the bytes";
        case FrameProblem::bad_length:
            return "the frame has an impossible length";
        case FrameProblem::bad_checksum:
            return "the frame's checksum is wrong";
    }
    return "the frame is damaged";
}

std::expected<Frame, FrameProblem> decode_frame(std::span<const std::uint8_t> bytes,
                                                std::size_t& used) {
    const std::span<const std::uint8_t> preamble(kFramePreamble);
    const auto found = std::search(bytes.begin(), bytes.end(), preamble.begin(), preamble.end());
    if (found == bytes.end()) {
        // The tail may be the first bytes of a preamble still on its way: keep it.
        std::size_t keep = std::min(bytes.size(), preamble.size() - 1);
        while (keep > 0 && !std::equal(preamble.begin(), preamble.begin() + static_cast<long>(keep),
                                       bytes.end() - static_cast<long>(keep))) {
            --keep;
        }
        used = bytes.size() - keep;
        return std::unexpected(keep == 0 && !bytes.empty() ? FrameProblem::bad_preamble
                                                           : FrameProblem::need_more);
    }
    const auto start = static_cast<std::size_t>(found - bytes.begin());
    const auto rest = bytes.subspan(start);
    used = start;  // the junk before the preamble goes whatever follows
    if (rest.size() < kHeaderSize) return std::unexpected(FrameProblem::need_more);
    const std::size_t length = static_cast<std::size_t>(rest[5]) << 8 | rest[6];
    if (length < kMinFrameLength || length > kMaxFrameLength) {
        // Step over this preamble only: a real frame may start inside what followed it.
        used = start + 1;
        return std::unexpected(FrameProblem::bad_length);
    }
    if (rest.size() < kHeaderSize + length) return std::unexpected(FrameProblem::need_more);
    used = start + kHeaderSize + length;
    const auto checked = rest.subspan(sizeof kFramePreamble, 2 + length - 1);
    if (xor_of(checked) != rest[kHeaderSize + length - 1]) {
        return std::unexpected(FrameProblem::bad_checksum);
    }
    const auto body = rest.subspan(kHeaderSize, length - 1);
    return Frame{std::vector<std::uint8_t>(body.begin(), body.end())};
}

std::expected<IdNumber, std::string> parse_text_block(std::span<const std::uint8_t> text256,
                                                      base::Date today) {
    if (text256.size() != kTextBlockSize) {
        return std::unexpected("the card's text block has " + std::to_string(text256.size()) +
                               " bytes, not " + std::to_string(kTextBlockSize));
    }
    std::string text =
        id_field_text(text256.subspan(text_field::kIdNumberOffset, text_field::kIdNumber));
    auto id = IdNumber::parse(text, today);
    wipe(text);
    if (!id) {
        return std::unexpected("the card's ID number " + std::string(id_problem_words(id.error())) +
                               " (" + std::string(reason_code(id.error())) +
                               "); the card may be damaged or not a resident ID card");
    }
    return *id;
}

std::expected<std::unique_ptr<IdCardReader>, std::string> IdCardReader::open(
    const CardReaderOptions& options) {
    if (options.device.empty()) return std::unexpected("no ID card reader device is configured");
    if (!base::is_supported_baud(options.baud)) {
        return std::unexpected(options.device + ": baud must be " +
                               std::string(base::kSupportedBauds) + ", not " +
                               std::to_string(options.baud));
    }
    if (options.timeout_ms <= 0) {
        return std::unexpected(options.device + ": the timeout must be above 0 ms, not " +
                               std::to_string(options.timeout_ms));
    }
    // O_NONBLOCK: opening must not hang on a line that waits for carrier; reads wait in poll().
    const int fd = ::open(options.device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(
            base::device_open_error(options.device, errno, "is the ID card reader plugged in?")
                .message);
    }
    // Raw: the frames are binary; a cooked line would turn 0x0D into 0x0A and eat 0x11/0x13.
    if (auto raw = base::set_raw_mode(fd, options.device, {.baud = options.baud}); !raw) {
        ::close(fd);
        return std::unexpected(raw.error());
    }
    return std::unique_ptr<IdCardReader>(new IdCardReader(fd, options));
}

IdCardReader::~IdCardReader() {
    if (fd_ >= 0) ::close(fd_);
}

std::string IdCardReader::describe() const {
    return "ID card reader on " + options_.device + " (" + std::to_string(options_.baud) + " baud)";
}

std::expected<std::vector<std::uint8_t>, std::string> IdCardReader::exchange(
    std::span<const std::uint8_t, 2> command, std::string_view what) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    const auto line_error = [&](const std::string& why) {
        return std::unexpected("the card reader on " + options_.device + " failed during " +
                               std::string(what) + ": " + why);
    };

    // The rest of an answer that came too late, or stopped short, must not be taken for the
    // answer to this command: GA 467 answers do not say which command they answer.
    ::tcflush(fd_, TCIFLUSH);
    const std::vector<std::uint8_t> frame = encode_frame(command);
    for (std::size_t sent = 0; sent < frame.size();) {
        const ssize_t n = ::write(fd_, frame.data() + sent, frame.size() - sent);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        const int err = n < 0 ? errno : 0;
        if (err == EINTR) continue;
        if (n < 0 && err != EAGAIN) return line_error(base::errno_text(err));
        pollfd out{fd_, POLLOUT, 0};
        if (::poll(&out, 1, remaining_ms(deadline)) == 0) {
            return std::unexpected("the card reader on " + options_.device + " takes no " +
                                   std::string(what) + " command (the line is blocked)");
        }
    }

    std::vector<std::uint8_t> pending;
    std::uint8_t buffer[1024];
    for (;;) {
        while (!pending.empty()) {
            std::size_t used = 0;
            auto decoded = decode_frame(pending, used);
            pending.erase(pending.begin(), pending.begin() + static_cast<long>(used));
            if (decoded) {
                wipe(pending);
                wipe(std::span(buffer));
                if (decoded->body.size() < 3) {
                    wipe(decoded->body);
                    return std::unexpected("the card reader's answer to " + std::string(what) +
                                           " is too short to hold a status");
                }
                return std::move(decoded->body);
            }
            if (decoded.error() == FrameProblem::need_more) break;
            if (decoded.error() == FrameProblem::bad_preamble) continue;  // junk on the line
            wipe(pending);
            wipe(std::span(buffer));
            return std::unexpected(
                "the card reader's answer to " + std::string(what) + " was damaged on the line (" +
                std::string(scanner::describe(decoded.error())) + "); place the card again");
        }
        const int wait_ms = remaining_ms(deadline);
        pollfd in{fd_, POLLIN, 0};
        const int ready = wait_ms > 0 ? ::poll(&in, 1, wait_ms) : 0;
        const int err = ready < 0 ? errno : 0;
        if (err == EINTR) continue;
        if (ready < 0) return line_error(base::errno_text(err));
        if (ready == 0) {
            const bool started = !pending.empty();
            wipe(pending);
            wipe(std::span(buffer));
            return std::unexpected(
                started ? "the card reader's answer to " + std::string(what) +
                              " stopped short (no whole frame within " +
                              std::to_string(options_.timeout_ms) + " ms); place the card again"
                        : "the card reader on " + options_.device + " did not answer " +
                              std::string(what) + " within " + std::to_string(options_.timeout_ms) +
                              " ms (is it plugged in and powered?)");
        }
        const ssize_t n = ::read(fd_, buffer, sizeof buffer);
        const int read_err = n < 0 ? errno : 0;
        if (read_err == EINTR || read_err == EAGAIN) continue;
        if (n <= 0) {
            wipe(pending);
            return line_error(n == 0 || read_err == EIO ? "the line hung up (unplugged?)"
                                                        : base::errno_text(read_err));
        }
        pending.insert(pending.end(), buffer, buffer + n);
    }
}

std::expected<std::optional<IdNumber>, std::string> IdCardReader::read_card() {
    auto found = exchange(kFindCard, "find card");
    if (!found) return std::unexpected(found.error());
    const std::uint8_t find_status = (*found)[2];
    base::log::debug(kLog, "find card: status ", hex_byte(find_status));
    if (find_status == reader_status::kNoCard) return std::nullopt;
    // Most readers say 0x9F for a card found; some say plain success.
    if (find_status != reader_status::kCardFound && find_status != reader_status::kSuccess) {
        return std::unexpected(status_message(find_status, "find card"));
    }

    auto selected = exchange(kSelectCard, "select card");
    if (!selected) return std::unexpected(selected.error());
    base::log::debug(kLog, "select card: status ", hex_byte((*selected)[2]));
    if ((*selected)[2] != reader_status::kSuccess) {
        return std::unexpected(status_message((*selected)[2], "select card"));
    }

    auto read = exchange(kReadCard, "read card");
    if (!read) return std::unexpected(read.error());
    std::vector<std::uint8_t>& body = *read;
    base::log::debug(kLog, "read card: status ", hex_byte(body[2]), ", ", body.size(), " bytes");
    if (body[2] != reader_status::kSuccess) {
        const std::uint8_t sw3 = body[2];
        wipe(body);
        return std::unexpected(status_message(sw3, "read card"));
    }
    // Status, then the text and photo lengths (big-endian), then the text and the photo.
    std::expected<IdNumber, std::string> id =
        std::unexpected("the card reader's answer to read card is too short for the card's data");
    if (body.size() >= 7) {
        const std::size_t text_size = static_cast<std::size_t>(body[3]) << 8 | body[4];
        const std::size_t photo_size = static_cast<std::size_t>(body[5]) << 8 | body[6];
        if (text_size != kTextBlockSize) {
            id = std::unexpected("the card reader sent a text block of " +
                                 std::to_string(text_size) + " bytes, not " +
                                 std::to_string(kTextBlockSize));
        } else if (body.size() >= 7 + text_size + photo_size) {
            id = parse_text_block(std::span(body).subspan(7, text_size), base::today_local());
        }
    }
    wipe(body);  // name, address and photo go here, unread
    if (!id) return std::unexpected(id.error());
    base::log::debug(kLog, "read card: an ID number passed its check");
    return std::optional<IdNumber>(std::move(*id));
}

}  // namespace scanner
