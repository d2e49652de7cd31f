// Every way a code or an ID number reaches the kiosk, in one place: the keyboard wedge (keys the
// app hands over, where a scanner's burst becomes a scan), and the devices the config names
// (serial and evdev scanners, the camera, the ID card reader), each on a thread of its own.
// Payloads are classified here (an item page, a receipt, an ID number, or unknown) and handed to
// the screens as ScanEvents; the raw payload, which may be personal, is wiped on the way.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "kiosk/core/config.hpp"
#include "scanner/id_number.hpp"
#include "scanner/wedge.hpp"

namespace scanner {
class ScanSource;
}

namespace kiosk::core {

struct ScanEvent {
    enum class Kind { item, request, id, staff, unknown } kind = Kind::unknown;
    // The item id, the request number, the masked ID, or the name on a staff card.
    std::string target;
    std::optional<scanner::IdNumber> id;  // an ID number that passed its check
};

// What the keyboard typed once scans are taken out: the rest goes to the screen as typing.
struct KeyResult {
    std::string typed;
    bool enter_consumed = false;  // the Enter ended a scan and must not reach the screen
};

// Classifies a payload against the bundle's item page pattern, then wipes it.
ScanEvent classify_scan(std::string& payload, std::string_view page_url, base::Date today);

class ScanHub {
  public:
    // Opens every device the config names. One that cannot be opened is logged and the others
    // still work: scanning is never a reason for the kiosk not to start.
    ScanHub(const Config::Scanner& config, std::function<void()> wake);
    ~ScanHub();
    ScanHub(const ScanHub&) = delete;
    ScanHub& operator=(const ScanHub&) = delete;

    // The keyboard, from the app's input (and the script driver's `type` and `scan`).
    KeyResult key_text(std::string_view utf8, std::int64_t t_ms);
    KeyResult key_enter(std::int64_t t_ms);
    KeyResult poll_keys(std::int64_t t_ms);
    // When poll_keys() must next be called, while keys are held back.
    std::optional<std::int64_t> next_key_deadline() const;

    // Everything scanned since the last call, classified, oldest first.
    std::vector<ScanEvent> take(std::string_view page_url, base::Date today);
    // The devices that opened, described, for logs and staff.
    std::vector<std::string> devices() const;

  private:
    KeyResult apply(const scanner::WedgeOutput& out);
    void arrived(std::string payload, std::optional<scanner::IdNumber> card);

    std::function<void()> wake_;
    scanner::WedgeDetector wedge_;  // the UI thread's
    mutable std::mutex mutex_;      // guards the two queues below
    std::vector<std::string> payloads_;
    std::vector<scanner::IdNumber> cards_;
    std::vector<std::unique_ptr<scanner::ScanSource>> sources_;
};

// One code found in an image file, as kioskctl reports it.
struct FileCode {
    std::string format;  // "QRCode"
    std::string text;    // the payload, or the masked number when it is an ID
    ScanEvent event;
};
// Every code in an image file (PNG, JPEG, ...), classified as a scan would be.
std::expected<std::vector<FileCode>, std::string> read_codes_in_file(
    const std::filesystem::path& file, std::string_view page_url, base::Date today);

// The name of a kind for logs and JSON: "item", "request", "id", "unknown".
std::string_view scan_kind_name(ScanEvent::Kind kind);

}  // namespace kiosk::core
