// Tests base/date: strict parsing, weekdays and day arithmetic.
#include <doctest/doctest.h>

#include "base/date.hpp"

using base::Date;
using base::parse_date;

TEST_CASE("dates parse strictly as YYYY-MM-DD and name real days") {
    CHECK(parse_date("2025-10-06") == Date{2025, 10, 6});
    CHECK(parse_date("2024-02-29"));
    CHECK_FALSE(parse_date("2025-02-29"));
    CHECK_FALSE(parse_date("2025-13-01"));
    CHECK_FALSE(parse_date("2025-1-1"));
    CHECK_FALSE(parse_date("2025/10/06"));
    CHECK_FALSE(parse_date("1899-12-31"));
    CHECK_FALSE(parse_date(""));
}

TEST_CASE("weekdays and day arithmetic") {
    CHECK(Date{1970, 1, 1}.weekday() == 4);   // a Thursday
    CHECK(Date{2025, 10, 6}.weekday() == 1);  // a Monday
    CHECK(Date{2026, 12, 6}.weekday() == 0);  // a Sunday
    CHECK(Date{2025, 12, 31}.plus_days(1) == Date{2026, 1, 1});
    CHECK(Date{2024, 2, 28}.plus_days(1) == Date{2024, 2, 29});
    CHECK(Date{2026, 3, 1}.plus_days(-1) == Date{2026, 2, 28});
    CHECK(Date{2026, 11, 22}.to_string() == "2026-11-22");
    for (std::int64_t d = -1000; d < 100000; d += 37)
        CHECK(Date::from_days(d).days_since_epoch() == d);
}
