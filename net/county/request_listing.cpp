// The listing of received requests.
#include "net/county/request_listing.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "net/api.hpp"

namespace county {

nlohmann::json requests_json(const std::vector<ReceivedRequest>& requests) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : requests) {
        nlohmann::json j = net::api::to_json(static_cast<const net::api::RequestSubmission&>(r));
        // The listing gives the county's time of receipt, not the kiosk's clock; scripts read
        // exactly these fields.
        j.erase("submitted_at");
        j["case_no"] = r.case_no;
        j["received_at"] = r.received_at;
        j["state"] = r.state;
        j["rating"] = r.rating;
        out.push_back(std::move(j));
    }
    return out;
}

// The Chinese text (service, missing materials) comes last, because its characters are two
// columns wide and would push the columns after it out of line.
void print_requests_table(std::ostream& out, const std::vector<ReceivedRequest>& requests) {
    if (requests.empty()) {
        out << "no requests received\n";
        return;
    }
    constexpr std::size_t kColumns = 10;
    const std::array<std::string, kColumns> header = {
        "CASE",  "RECEIVED", "KIOSK",     "LOCAL NO", "ITEM",
        "STATE", "RATING",   "ID NUMBER", "PHONE",    "IDEMPOTENCY KEY"};
    std::vector<std::array<std::string, kColumns>> rows;
    for (const auto& r : requests) {
        rows.push_back({r.case_no, r.received_at, r.kiosk_id, r.local_no, r.item, r.state,
                        r.rating.empty() ? "-" : r.rating, r.id_number.str(),
                        r.phone.empty() ? "-" : r.phone.str(), r.idempotency_key});
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
    print_row(header, "SERVICE / MISSING MATERIALS");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string tail = requests[i].service;
        for (std::size_t m = 0; m < requests[i].missing_materials.size(); ++m) {
            tail += (m == 0 ? " / " : "、") + requests[i].missing_materials[m];
        }
        print_row(rows[i], tail);
    }
}

}  // namespace county
