// DLE EOT status requests and answers.
#include "printer/status.hpp"

#include <cstdio>

#include "printer/escpos.hpp"

namespace printer {

std::string PrinterStatus::describe() const {
    std::string s;
    auto add = [&](const char* what) { s += (s.empty() ? "" : ", ") + std::string(what); };
    if (!online) add("offline");
    if (cover_open) add("cover open");
    if (paper_out) add("paper out");
    if (paper_near_end) add("paper near its end");
    if (error) add("printer error");
    return s.empty() ? "ready" : s;
}

std::string PrinterStatus::for_resident() const {
    if (paper_out) return "打印纸用完了";
    if (cover_open) return "打印机的盖子开着";
    if (error) return "打印机出了点问题";
    if (!online) return "打印机还没准备好";
    return "打印机好好的";
}

std::vector<std::uint8_t> status_request() {
    std::vector<std::uint8_t> out;
    for (const auto kind : {escpos::StatusKind::printer, escpos::StatusKind::offline,
                            escpos::StatusKind::error, escpos::StatusKind::paper}) {
        escpos::status_request(out, kind);
    }
    return out;
}

std::expected<PrinterStatus, std::string> parse_status(std::span<const std::uint8_t> a) {
    if (a.size() != 4) {
        return std::unexpected("expected 4 status bytes, got " + std::to_string(a.size()));
    }
    for (std::size_t i = 0; i < 4; ++i) {
        if ((a[i] & escpos::kStatusFixedMask) != escpos::kStatusFixedValue) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "%02X", a[i]);
            return std::unexpected("garbage on the status line (answer " + std::to_string(i + 1) +
                                   " was 0x" + hex + ")");
        }
    }
    PrinterStatus s;
    s.online = (a[0] & escpos::kPrinterOffline) == 0;
    s.cover_open = (a[1] & escpos::kOfflineCoverOpen) != 0;
    s.paper_out = (a[1] & escpos::kOfflinePaperEnd) != 0 || (a[3] & escpos::kPaperEnd) != 0;
    s.error = (a[1] & escpos::kOfflineError) != 0 ||
              (a[2] & (escpos::kErrorCutter | escpos::kErrorUnrecoverable |
                       escpos::kErrorAutoRecoverable)) != 0;
    s.paper_near_end = (a[3] & escpos::kPaperNearEnd) != 0;
    return s;
}

}  // namespace printer
