// The resident ID card reader (GA 467 style, on a serial line): its frames, its text block, and
// a reader that finds, selects and reads a card and keeps nothing of it but the ID number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/date.hpp"
#include "scanner/id_number.hpp"

namespace scanner {

// Every frame, both ways, starts with these five bytes.
inline constexpr std::uint8_t kFramePreamble[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
// LEN counts the body and the checksum. The longest answer a reader gives (text, photo and
// fingerprints) is about 2.3 KB; anything past this is line noise, not a frame.
inline constexpr std::size_t kMinFrameLength = 3;  // two body bytes and the checksum
inline constexpr std::size_t kMaxFrameLength = 4096;

// Host → reader commands: {command, parameter}.
inline constexpr std::uint8_t kFindCard[2] = {0x20, 0x01};
inline constexpr std::uint8_t kSelectCard[2] = {0x20, 0x02};
inline constexpr std::uint8_t kReadCard[2] = {0x30, 0x01};

// Reader → host: the third status byte (SW3) of every answer.
namespace reader_status {
inline constexpr std::uint8_t kSuccess = 0x90;
inline constexpr std::uint8_t kCardFound = 0x9F;
inline constexpr std::uint8_t kNoCard = 0x80;
inline constexpr std::uint8_t kSelectFailed = 0x81;
inline constexpr std::uint8_t kReadFailed = 0x41;
inline constexpr std::uint8_t kBadChecksum = 0x10;
inline constexpr std::uint8_t kUnknownCommand = 0x21;
}  // namespace reader_status

// The text block of a card: 256 bytes of fixed UCS-2LE fields padded with spaces. Sizes in bytes.
inline constexpr std::size_t kTextBlockSize = 256;
inline constexpr std::size_t kPhotoSize = 1024;  // the reader sends it; we never keep it
namespace text_field {
inline constexpr std::size_t kName = 30, kSex = 2, kNation = 4, kBirth = 16, kAddress = 70,
                             kIdNumber = 36, kAuthority = 30, kValidFrom = 16, kValidUntil = 16;
inline constexpr std::size_t kIdNumberOffset = kName + kSex + kNation + kBirth + kAddress;
static_assert(kIdNumberOffset + kIdNumber + kAuthority + kValidFrom + kValidUntil <=
              kTextBlockSize);
}  // namespace text_field

// The whole frame for `body`: preamble, LEN (big-endian), body, XOR checksum of LEN and body.
// The body must hold 2 .. kMaxFrameLength - 1 bytes.
std::vector<std::uint8_t> encode_frame(std::span<const std::uint8_t> body);

struct Frame {
    std::vector<std::uint8_t> body;  // without preamble, length and checksum
};

enum class FrameProblem {
    need_more,     // no whole frame yet: keep the bytes after `used` and read on
    bad_preamble,  // nothing in the bytes can start a frame: all of them are junk (`used`)
    bad_length,    // a preamble followed by an impossible LEN; `used` steps past that preamble
    bad_checksum,  // a whole frame whose checksum is wrong; `used` covers the frame
};
std::string_view describe(FrameProblem problem);

// Finds one frame at the start of `bytes`, skipping junk before a preamble. `used` is how many
// bytes the caller may drop, whatever the outcome: junk, a false start, or the frame itself.
std::expected<Frame, FrameProblem> decode_frame(std::span<const std::uint8_t> bytes,
                                                std::size_t& used);

// The ID number from a card's 256-byte text block, checked (check character, birth date before
// `today`). The other fields are not read. The message is plain English for staff and never
// holds the number.
std::expected<IdNumber, std::string> parse_text_block(std::span<const std::uint8_t> text256,
                                                      base::Date today);

struct CardReaderOptions {
    std::string device;     // "/dev/ttyUSB0"
    int baud = 115200;      // 9600, 19200, 38400, 57600, 115200 or 230400
    int timeout_ms = 1500;  // for each answer; a real card read can take most of a second
};

// A card reader on a serial line. One thread at a time.
class IdCardReader {
  public:
    // Opens the line raw at the given speed. The message names the device and, when permission
    // is missing, the group that has it.
    static std::expected<std::unique_ptr<IdCardReader>, std::string> open(
        const CardReaderOptions& options);

    ~IdCardReader();
    IdCardReader(const IdCardReader&) = delete;
    IdCardReader& operator=(const IdCardReader&) = delete;

    // One attempt: find, select, read. No card on the reader → nullopt; a card → its ID number
    // (name, address and photo are dropped and wiped). A damaged or missing answer, a card
    // that cannot be read, or an ID that fails its check → a plain English message, never
    // holding the number; the reader stays usable for the next attempt.
    std::expected<std::optional<IdNumber>, std::string> read_card();

    // "ID card reader on /dev/ttyUSB0 (115200 baud)", for logs and the staff screen.
    std::string describe() const;

  private:
    IdCardReader(int fd, CardReaderOptions options) : fd_(fd), options_(std::move(options)) {}
    // Sends a command and waits for one answer frame; the body on success.
    std::expected<std::vector<std::uint8_t>, std::string> exchange(
        std::span<const std::uint8_t, 2> command, std::string_view what);

    int fd_ = -1;
    CardReaderOptions options_;
};

}  // namespace scanner
