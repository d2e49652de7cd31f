// The printer's state as DLE EOT answers tell it: online, cover open, paper near its end, paper
// out, errors. A byte that is not a status answer is garbage and said to be.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

namespace printer {

struct PrinterStatus {
    bool online = true;
    bool cover_open = false;
    bool paper_near_end = false;
    bool paper_out = false;
    bool error = false;  // cutter jam, head too hot, anything else

    bool can_print() const { return online && !cover_open && !paper_out && !error; }
    std::string describe() const;      // for the log and staff: "paper out, cover open"
    std::string for_resident() const;  // plain words for the screen
    bool operator==(const PrinterStatus&) const = default;
};

// DLE EOT 1, 2, 3, 4 in one request.
std::vector<std::uint8_t> status_request();
// Parses the four answers, in request order.
std::expected<PrinterStatus, std::string> parse_status(std::span<const std::uint8_t> answers);

}  // namespace printer
