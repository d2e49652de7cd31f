// The county's benefit records (享受待遇信息) and what a resident is told of them as of a day:
// the amounts in yuan, the last payment and the next review.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/date.hpp"
#include "net/api.hpp"

namespace county {

// One benefit of one resident, as imported and stored.
struct BenefitRecord {
    std::string id_number;
    std::string item;  // an item code of net::api::kItems
    std::int64_t amount_fen = 0;
    base::Date start;
    int pay_day = 1;     // paid by this day of each month, 1..28
    std::string status;  // active | stopped
    std::optional<base::Date> stop;
    std::string stop_reason;
    std::string review;  // yearly | halfyear
};

// "800", "800.5", "800.00" → 80000 fen; at most nine digits of yuan and two decimals.
std::optional<std::int64_t> parse_yuan(std::string_view text);
// 80050 → "800.50".
std::string format_yuan(std::int64_t fen);

// The benefit as POST /api/v1/benefits/query answers it on `today`: the last pay day on or before
// today (when stopped, the last one before the stop), never before the start; the next review a
// year (or half a year) on from the start, after today; "" where there is none.
net::api::Benefit benefit_as_of(const BenefitRecord& record, const base::Date& today);

}  // namespace county
