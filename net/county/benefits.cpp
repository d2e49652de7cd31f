// Benefit records as of a day.
#include "net/county/benefits.hpp"

#include <algorithm>
#include <cstdio>
#include <regex>

namespace county {
namespace {

int days_in_month(int year, int month) {
    int day = 31;
    while (!base::is_valid_date(year, month, day)) --day;
    return day;
}

// The date `months` months after `date`, on the same day or the month's last day.
base::Date plus_months(const base::Date& date, int months) {
    const int index = date.year * 12 + (date.month - 1) + months;
    base::Date out;
    out.year = index / 12;
    out.month = index % 12 + 1;
    out.day = std::min(date.day, days_in_month(out.year, out.month));
    return out;
}

// The latest pay day (day `pay_day` of a month, 1..28) on or before `date`.
base::Date pay_day_on_or_before(const base::Date& date, int pay_day) {
    base::Date candidate{date.year, date.month, pay_day};
    if (candidate > date) candidate = plus_months(candidate, -1);
    return candidate;
}

}  // namespace

std::optional<std::int64_t> parse_yuan(std::string_view text) {
    static const std::regex pattern(R"((\d{1,9})(\.(\d{1,2}))?)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(text.begin(), text.end(), m, pattern)) return std::nullopt;
    std::int64_t fen = std::stoll(m[1].str()) * 100;
    if (m[3].matched) {
        const std::string decimals = m[3].str();
        fen += decimals.size() == 1 ? (decimals[0] - '0') * 10 : std::stoll(decimals);
    }
    return fen;
}

std::string format_yuan(std::int64_t fen) {
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(fen / 100),
                  static_cast<long long>(fen % 100));
    return text;
}

net::api::Benefit benefit_as_of(const BenefitRecord& b, const base::Date& today) {
    std::optional<base::Date> last_payment;
    if (b.status == "active") {
        last_payment = pay_day_on_or_before(today, b.pay_day);
    } else if (b.stop) {
        // The last pay day before the stop (and not after today).
        last_payment = pay_day_on_or_before(std::min(b.stop->plus_days(-1), today), b.pay_day);
    }
    if (last_payment && *last_payment < b.start) last_payment.reset();
    std::string next_review;
    if (b.status == "active") {
        const int step = b.review == "halfyear" ? 6 : 12;
        int months = step;
        while (plus_months(b.start, months) <= today) months += step;
        next_review = plus_months(b.start, months).to_string();
    }
    return {.item = b.item,
            .amount_yuan = format_yuan(b.amount_fen),
            .start_date = b.start.to_string(),
            .pay_day = b.pay_day,
            .status = b.status,
            .stop_date = b.stop ? b.stop->to_string() : "",
            .stop_reason = b.stop_reason,
            .last_payment_date = last_payment ? last_payment->to_string() : "",
            .last_payment_yuan = last_payment ? format_yuan(b.amount_fen) : "",
            .next_review = next_review};
}

}  // namespace county
