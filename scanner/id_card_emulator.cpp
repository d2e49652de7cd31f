// The ID card reader emulator: one worker thread polls the pty master and a wake-up pipe, takes
// command frames apart and writes the answers a GA 467 reader would give.
#include "scanner/id_card_emulator.hpp"

#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdlib>

#include "base/line_write.hpp"
#include "base/log.hpp"
#include "base/posix_error.hpp"
#include "base/utf8.hpp"
#include "scanner/id_card_reader.hpp"

namespace scanner {
namespace {

constexpr std::string_view kLog = "idcard-emulator";

// Writes `text` as UCS-2LE into `field`, padded with spaces (0x20 0x00).
void put_field(std::span<std::uint8_t> field, std::string_view text) {
    std::size_t at = 0;
    for (char32_t c : base::utf8::decode(text)) {
        assert(c <= 0xFFFF && "a card holds UCS-2 only");
        assert(at + 2 <= field.size() && "the text is too long for its field");
        if (c > 0xFFFF) c = U'?';
        if (at + 2 > field.size()) break;
        field[at++] = static_cast<std::uint8_t>(c & 0xFF);
        field[at++] = static_cast<std::uint8_t>(c >> 8);
    }
    for (; at + 1 < field.size(); at += 2) {
        field[at] = 0x20;
        field[at + 1] = 0x00;
    }
}

// Stands in for the photo (1024 bytes of WLT-compressed image on a real card): a pattern, so
// the reader's length handling is tested without a face in the test data.
std::vector<std::uint8_t> fake_photo() {
    std::vector<std::uint8_t> photo(kPhotoSize);
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<std::uint8_t>(i * 7);
    return photo;
}

}  // namespace

std::array<std::uint8_t, 256> EmulatorCard::text_block() const {
    std::array<std::uint8_t, 256> block{};
    std::span<std::uint8_t> rest(block);
    const auto field = [&](std::size_t size, std::string_view text) {
        put_field(rest.first(size), text);
        rest = rest.subspan(size);
    };
    namespace f = text_field;
    field(f::kName, name);
    field(f::kSex, sex);
    field(f::kNation, nation);
    field(f::kBirth, birth);
    field(f::kAddress, address);
    field(f::kIdNumber, id);
    field(f::kAuthority, authority);
    field(f::kValidFrom, valid_from);
    field(f::kValidUntil, valid_until);
    put_field(rest, "");  // the block is padded to 256 bytes like the fields
    return block;
}

std::expected<std::unique_ptr<IdCardEmulator>, std::string> IdCardEmulator::open_pty(
    std::optional<EmulatorCard> card) {
    std::unique_ptr<IdCardEmulator> emulator(new IdCardEmulator());
    emulator->card_ = std::move(card);
    auto pty = base::Pty::open_raw();
    if (!pty) return std::unexpected(pty.error());
    emulator->pty_ = std::move(*pty);

    auto wake = base::WakePipe::open();
    if (!wake) return std::unexpected(wake.error());
    emulator->wake_ = std::move(*wake);
    IdCardEmulator* self = emulator.get();
    emulator->worker_ = std::thread([self] { self->run(); });
    return emulator;
}

IdCardEmulator::~IdCardEmulator() {
    if (worker_.joinable()) {
        wake_.wake();
        worker_.join();
    }
}

void IdCardEmulator::set_card(std::optional<EmulatorCard> card) {
    std::lock_guard lock(mutex_);
    card_ = std::move(card);
    state_ = CardState::idle;
}

void IdCardEmulator::corrupt_next_checksum() {
    std::lock_guard lock(mutex_);
    corrupt_next_ = true;
}

void IdCardEmulator::truncate_next_frame() {
    std::lock_guard lock(mutex_);
    truncate_next_ = true;
}

void IdCardEmulator::send_garbage(std::vector<std::uint8_t> bytes) {
    std::lock_guard lock(mutex_);
    garbage_next_.insert(garbage_next_.end(), bytes.begin(), bytes.end());
}

std::size_t IdCardEmulator::commands_received() const {
    std::lock_guard lock(mutex_);
    return commands_;
}

void IdCardEmulator::run() {
    for (;;) {
        const auto waited = wake_.wait(pty_.master_fd());
        if (!waited) {
            base::log::error(kLog, "the emulator stops: ", waited.error());
            return;
        }
        if (*waited == base::WakePipe::Waited::woken) return;  // the destructor asks us to stop
        if (!serve_bytes()) return;
    }
}

bool IdCardEmulator::serve_bytes() {
    std::uint8_t buffer[4096];
    const ssize_t n = ::read(pty_.master_fd(), buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) {
        base::log::error(kLog, base::errno_message("the pty failed, the emulator stops", errno));
        return false;
    }
    pending_.insert(pending_.end(), buffer, buffer + n);

    std::vector<std::uint8_t> out;
    {
        std::lock_guard lock(mutex_);
        for (;;) {
            std::size_t used = 0;
            auto frame = decode_frame(pending_, used);
            pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(used));
            if (frame) {
                ++commands_;
                const auto body = answer(frame->body);
                const auto bytes = frame_with_faults(body);
                out.insert(out.end(), bytes.begin(), bytes.end());
                continue;
            }
            if (frame.error() == FrameProblem::need_more) break;
            if (frame.error() == FrameProblem::bad_checksum) {
                // A real reader says so, and the host sends the command again.
                ++commands_;
                const std::uint8_t body[] = {0x00, 0x00, reader_status::kBadChecksum};
                const auto bytes = frame_with_faults(body);
                out.insert(out.end(), bytes.begin(), bytes.end());
            }
            // bad_preamble, bad_length: line noise; decode_frame has stepped past it.
        }
    }
    if (out.empty()) return true;
    // Answers nobody reads are dropped rather than stalling the worker; one log line a stall.
    const base::LineWrite written = base::write_or_drop(pty_.master_fd(), out, false);
    if (written == base::LineWrite::dropped && !dropping_answers_) {
        base::log::warn(kLog, "answers are not read; dropping them");
    }
    dropping_answers_ = written == base::LineWrite::dropped;
    return written != base::LineWrite::gone;
}

std::vector<std::uint8_t> IdCardEmulator::answer(const std::vector<std::uint8_t>& command) {
    const auto is = [&](const std::uint8_t(&which)[2]) {
        return command.size() == 2 && command[0] == which[0] && command[1] == which[1];
    };
    std::vector<std::uint8_t> body = {0x00, 0x00};
    if (is(kFindCard)) {
        if (!card_) {
            body.push_back(reader_status::kNoCard);
            return body;
        }
        state_ = CardState::found;
        // As real readers answer: 9F and four zero bytes.
        body.insert(body.end(), {reader_status::kCardFound, 0x00, 0x00, 0x00, 0x00});
        return body;
    }
    if (is(kSelectCard)) {
        if (!card_ || state_ == CardState::idle) {
            body.push_back(reader_status::kSelectFailed);
            return body;
        }
        state_ = CardState::selected;
        body.push_back(reader_status::kSuccess);
        body.insert(body.end(), 8, 0x00);  // the card's serial number on real readers; zeros
        return body;
    }
    if (is(kReadCard)) {
        if (!card_ || state_ != CardState::selected) {
            body.push_back(reader_status::kReadFailed);
            return body;
        }
        // A read ends the card's session: the next read starts with find again.
        state_ = CardState::idle;
        body.push_back(reader_status::kSuccess);
        const auto text = card_->text_block();
        const auto photo = fake_photo();
        body.insert(body.end(), {static_cast<std::uint8_t>(text.size() >> 8),
                                 static_cast<std::uint8_t>(text.size() & 0xFF),
                                 static_cast<std::uint8_t>(photo.size() >> 8),
                                 static_cast<std::uint8_t>(photo.size() & 0xFF)});
        body.insert(body.end(), text.begin(), text.end());
        body.insert(body.end(), photo.begin(), photo.end());
        return body;
    }
    body.push_back(reader_status::kUnknownCommand);
    return body;
}

std::vector<std::uint8_t> IdCardEmulator::frame_with_faults(std::span<const std::uint8_t> body) {
    std::vector<std::uint8_t> bytes = std::move(garbage_next_);
    garbage_next_.clear();
    auto frame = encode_frame(body);
    if (corrupt_next_) frame.back() ^= 0xFF;
    if (truncate_next_) frame.resize(frame.size() / 2);
    corrupt_next_ = truncate_next_ = false;
    bytes.insert(bytes.end(), frame.begin(), frame.end());
    return bytes;
}

}  // namespace scanner
