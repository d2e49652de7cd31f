// A stand-in GA 467 ID card reader on a pseudo-terminal: answers find, select and read as a real
// reader would, with a card put on or taken off at runtime and faults injected on request.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "base/pty.hpp"
#include "base/wake_pipe.hpp"

namespace scanner {

// The text of a card as printed on it, in UTF-8. Only fictional people belong here.
struct EmulatorCard {
    std::string name;           // up to 15 characters
    std::string sex = "1";      // GB/T 2261.1 code: "1" male, "2" female
    std::string nation = "01";  // GB 3304 code: "01" Han
    std::string birth;          // "YYYYMMDD"
    std::string address;        // up to 35 characters
    std::string id;             // the 18 characters, as the card holds them
    std::string authority;      // up to 15 characters
    std::string valid_from;     // "YYYYMMDD"
    std::string valid_until;    // "YYYYMMDD" or "长期"

    // The 256-byte UCS-2LE block a reader sends: each field padded with spaces to its size.
    // A field too long for its place, or a character outside the BMP, is a mistake in the test
    // data (asserted; cut short or written as '?' when asserts are off).
    std::array<std::uint8_t, 256> text_block() const;
};

class IdCardEmulator {
  public:
    // A raw pty whose slave path (pty_path()) an IdCardReader can open; `card` lies on the
    // reader from the start (nullopt: none).
    static std::expected<std::unique_ptr<IdCardEmulator>, std::string> open_pty(
        std::optional<EmulatorCard> card);

    ~IdCardEmulator();  // stops the worker, closes everything
    IdCardEmulator(const IdCardEmulator&) = delete;
    IdCardEmulator& operator=(const IdCardEmulator&) = delete;

    std::string pty_path() const { return pty_.slave_path(); }

    // Puts a card on the reader (or takes it off, with nullopt). Either way the reader forgets
    // what it had found and selected, as a real one does when the card leaves the field.
    void set_card(std::optional<EmulatorCard> card);

    // Faults for the next answer frame only, whichever command it answers.
    void corrupt_next_checksum();  // the checksum byte is flipped
    void truncate_next_frame();    // only the first half is sent; the rest never comes
    void send_garbage(std::vector<std::uint8_t> bytes);  // these bytes go out just before it

    // Command frames received so far, damaged ones included.
    std::size_t commands_received() const;

  private:
    IdCardEmulator() = default;
    void run();
    // Reads what is there and answers each whole command; false when the pty fails.
    bool serve_bytes();
    // The answer body to one command frame; worker only, with mutex_ held.
    std::vector<std::uint8_t> answer(const std::vector<std::uint8_t>& command);
    // The answer frame with any pending faults applied; with mutex_ held.
    std::vector<std::uint8_t> frame_with_faults(std::span<const std::uint8_t> body);

    base::Pty pty_;
    base::WakePipe wake_;                // stops the worker
    std::vector<std::uint8_t> pending_;  // worker only: bytes not yet a whole frame
    bool dropping_answers_ = false;      // worker only

    mutable std::mutex mutex_;
    std::optional<EmulatorCard> card_;  // guarded by mutex_, as everything below
    enum class CardState { idle, found, selected } state_ = CardState::idle;
    bool corrupt_next_ = false;
    bool truncate_next_ = false;
    std::vector<std::uint8_t> garbage_next_;
    std::size_t commands_ = 0;
    std::thread worker_;
};

}  // namespace scanner
