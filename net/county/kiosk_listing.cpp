// The fleet view: the kiosks' latest heartbeats.
#include "net/county/kiosk_listing.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "net/api.hpp"
#include "net/county/text_table.hpp"

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
    TextTable table{{"KIOSK", "RECEIVED", "SOFTWARE", "CONTENT", "EXPIRES", "EXPIRED", "PRINTER",
                     "PAPER", "OUTBOX", "LAST SYNC", "LAST ERROR"},
                    {}};
    for (const auto& k : kiosks) {
        table.rows.push_back(
            {k.kiosk_id, k.received_at, k.software_version, std::to_string(k.content_version),
             or_dash(k.content_expires), k.content_expired ? "yes" : "no", k.printer_state,
             k.paper_left_percent ? std::to_string(*k.paper_left_percent) + "%" : "-",
             std::to_string(k.outbox_depth), or_dash(k.last_sync), or_dash(k.last_error)});
    }
    print_table(out, table);
}

}  // namespace county
