// The listing of received requests.
#include "net/county/request_listing.hpp"

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "net/api.hpp"
#include "net/county/text_table.hpp"

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
    TextTable table{{"CASE", "RECEIVED", "KIOSK", "LOCAL NO", "ITEM", "STATE", "RATING",
                     "ID NUMBER", "PHONE", "IDEMPOTENCY KEY", "SERVICE / MISSING MATERIALS"},
                    {}};
    for (const auto& r : requests) {
        std::string service = r.service;
        for (std::size_t m = 0; m < r.missing_materials.size(); ++m) {
            service += (m == 0 ? " / " : "、") + r.missing_materials[m];
        }
        table.rows.push_back({r.case_no, r.received_at, r.kiosk_id, r.local_no, r.item, r.state,
                              r.rating.empty() ? "-" : r.rating, r.id_number.str(),
                              r.phone.empty() ? "-" : r.phone.str(), r.idempotency_key, service});
    }
    print_table(out, table);
}

}  // namespace county
