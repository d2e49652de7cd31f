// The fleet view: the kiosks' latest heartbeats.
#include "net/county/kiosk_listing.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "net/api.hpp"

namespace county {

nlohmann::json kiosks_json(const std::vector<KioskStatus>& kiosks) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : kiosks) {
        nlohmann::json j = net::api::to_json(static_cast<const net::api::Heartbeat&>(k));
        j["received_at"] = k.received_at;
        out.push_back(std::move(j));
    }
    return out;
}

// The last error comes last: it is the longest, and may hold Chinese, whose characters are two
// columns wide and would push the columns after it out of line.
void print_kiosks_table(std::ostream& out, const std::vector<KioskStatus>& kiosks) {
    if (kiosks.empty()) {
        out << "no kiosk has sent a heartbeat\n";
        return;
    }
    auto or_dash = [](const std::string& text) { return text.empty() ? std::string("-") : text; };
    constexpr std::size_t kColumns = 10;
    const std::array<std::string, kColumns> header = {"KIOSK",   "RECEIVED", "SOFTWARE", "CONTENT",
                                                      "EXPIRES", "EXPIRED",  "PRINTER",  "PAPER",
                                                      "OUTBOX",  "LAST SYNC"};
    std::vector<std::array<std::string, kColumns>> rows;
    for (const auto& k : kiosks) {
        rows.push_back({k.kiosk_id, k.received_at, k.software_version,
                        std::to_string(k.content_version), or_dash(k.content_expires),
                        k.content_expired ? "yes" : "no", k.printer_state,
                        k.paper_left_percent ? std::to_string(*k.paper_left_percent) + "%" : "-",
                        std::to_string(k.outbox_depth), or_dash(k.last_sync)});
    }
    std::array<std::size_t, kColumns> width{};
    for (std::size_t c = 0; c < kColumns; ++c) {
        width[c] = header[c].size();
        for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
    }
    auto print_row = [&](const std::array<std::string, kColumns>& row, const std::string& tail) {
        for (std::size_t c = 0; c < kColumns; ++c) {
            out << row[c] << std::string(width[c] - row[c].size() + 2, ' ');
        }
        out << tail << "\n";
    };
    print_row(header, "LAST ERROR");
    for (std::size_t i = 0; i < rows.size(); ++i) print_row(rows[i], or_dash(kiosks[i].last_error));
}

}  // namespace county
