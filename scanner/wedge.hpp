// Tells a keyboard-wedge scanner's burst from a person typing, by the time between keys: a burst
// faster than anyone types, ended by Enter, is a scan; everything else is typing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scanner {

struct WedgeOptions {
    std::int64_t max_key_gap_ms = 35;    // scanners send a key every 2-15 ms; people, 80+ ms
    std::size_t min_scan_length = 4;     // shorter bursts are fast typing, not codes
    std::size_t max_scan_length = 4096;  // a burst past this without Enter is dropped
};

struct WedgeOutput {
    std::string typed;                   // released as ordinary typing, in order
    std::optional<std::string> scan;     // a complete scanned payload
    bool enter_consumed = false;         // the Enter ended a scan and must not reach the UI
    std::optional<std::string> problem;  // plain words for the log, no payload in it
};

class WedgeDetector {
  public:
    explicit WedgeDetector(WedgeOptions options = {}) : options_(options) {}

    WedgeOutput on_text(std::string_view utf8, std::int64_t t_ms);
    WedgeOutput on_enter(std::int64_t t_ms);
    // Releases held characters once no scan can follow them any more.
    WedgeOutput poll(std::int64_t t_ms);

    // When poll() must next be called, if characters are held.
    std::optional<std::int64_t> next_deadline() const;

  private:
    WedgeOptions options_;
    std::string held_;
    std::size_t held_chars_ = 0;
    std::int64_t last_key_ms_ = 0;
    bool overflowed_ = false;  // dropping the rest of a runaway burst until a pause
};

}  // namespace scanner
