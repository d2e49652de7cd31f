// A resident's 享受待遇信息 as the screens, the slip and kioskctl show it (reference/001: item,
// amount, start, payment day, stop date and reason), and how the county's answer went.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

// One benefit as the screens and the slip show it.
struct BenefitView {
    std::string item;  // "dibao"
    std::string amount_yuan;
    std::string start_date;  // YYYY-MM-DD
    int pay_day = 10;        // paid by this day of the month (reference/003: by the 10th)
    bool stopped = false;
    std::string stop_date, stop_reason;
    std::string last_payment_date, last_payment_yuan;
    std::string next_review;
};

struct BenefitAnswer {
    enum class Outcome {
        found,        // benefits below
        no_record,    // the county knows of none
        refused,      // the county refused the query (4xx): said to the resident as no record
        unreachable,  // no answer in time, or a server error
        malformed,    // an answer that does not read as API.md says
    } outcome = Outcome::unreachable;
    std::vector<BenefitView> benefits;
    std::string problem;  // for the log; never holds the number
};

// "found", "no record", "unreachable"…, for logs.
std::string_view outcome_name(BenefitAnswer::Outcome outcome);

}  // namespace kiosk::core
