// emulator:DIR — the project's own ESC/POS emulator in place of a printer, the default where no
// printer is configured: every sheet it prints lands in DIR as a PNG, and it answers status.
#include <chrono>
#include <ctime>
#include <deque>
#include <filesystem>
#include <system_error>

#include "base/log.hpp"
#include "printer/emulator/escpos_emulator.hpp"
#include "printer/transport_detail.hpp"

namespace printer::detail {
namespace {

class EmulatorTransport : public Transport {
  public:
    explicit EmulatorTransport(std::filesystem::path dir) : dir_(std::move(dir)) {}

    std::expected<void, TransportError> write(std::span<const std::uint8_t> bytes) override {
        for (const auto b : emulator_.feed(bytes)) answers_.push_back(b);
        const auto& sheets = emulator_.sheets();
        for (; written_ < sheets.size(); ++written_) {
            const auto path = next_path();
            if (!write_png(path.c_str(), sheets[written_])) {
                return std::unexpected(TransportError{TransportError::Kind::io,
                                                      "emulator: cannot write " + path.string()});
            }
            base::log::info("printer", "emulator printed ", path.string(), " (",
                            sheets[written_].height() * 254 / 2030, " mm)");
        }
        return {};
    }

    std::expected<std::size_t, TransportError> read(std::span<std::uint8_t> buffer, int) override {
        std::size_t n = 0;
        while (n < buffer.size() && !answers_.empty()) {
            buffer[n++] = answers_.front();
            answers_.pop_front();
        }
        return n;
    }

    bool bidirectional() const override { return true; }
    std::string describe() const override { return "emulator:" + dir_.string(); }

  private:
    std::filesystem::path next_path() const {
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
        for (int i = 1;; ++i) {
            auto p = dir_ / (std::string("sheet-") + stamp + "-" + std::to_string(i) + ".png");
            std::error_code ec;
            if (!std::filesystem::exists(p, ec)) return p;
        }
    }

    std::filesystem::path dir_;
    emulator::EscPosEmulator emulator_;
    std::deque<std::uint8_t> answers_;
    std::size_t written_ = 0;
};

}  // namespace

std::expected<std::unique_ptr<Transport>, TransportError> open_emulator(const std::string& dir) {
    const std::filesystem::path folder =
        dir.empty() ? std::filesystem::path("printed") : std::filesystem::path(dir);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        return std::unexpected(
            TransportError{TransportError::Kind::io,
                           "emulator: cannot create " + folder.string() + ": " + ec.message()});
    return std::make_unique<EmulatorTransport>(folder);
}

}  // namespace printer::detail
