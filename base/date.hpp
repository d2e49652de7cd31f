// Calendar dates without time zones: parsing "YYYY-MM-DD" strictly, weekdays and day arithmetic.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace base {

struct Date {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31

    auto operator<=>(const Date&) const = default;

    std::int64_t days_since_epoch() const;  // 1970-01-01 is 0
    static Date from_days(std::int64_t days);
    int weekday() const;  // 0 Sunday .. 6 Saturday
    bool is_weekend() const { return weekday() == 0 || weekday() == 6; }
    Date plus_days(std::int64_t n) const { return from_days(days_since_epoch() + n); }
    std::string to_string() const;  // "2025-10-09"
};

// Accepts exactly "YYYY-MM-DD" naming a real day of years 1900..2199.
std::optional<Date> parse_date(std::string_view text);
bool is_valid_date(int year, int month, int day);
Date today_local();

}  // namespace base
