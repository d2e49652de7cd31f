// Tests base/rfc3339: times with an offset, written in the local zone and recognised.
#include <doctest/doctest.h>

#include <stdlib.h>
#include <time.h>

#include <optional>
#include <string>

#include "base/rfc3339.hpp"

namespace {

// Sets TZ for the test and puts the old value back.
struct TimeZone {
    std::optional<std::string> old;
    explicit TimeZone(const char* tz) {
        if (const char* v = std::getenv("TZ")) old = v;
        ::setenv("TZ", tz, 1);
        ::tzset();
    }
    ~TimeZone() {
        if (old) {
            ::setenv("TZ", old->c_str(), 1);
        } else {
            ::unsetenv("TZ");
        }
        ::tzset();
    }
};

}  // namespace

TEST_CASE("a time is written in the local zone with its offset as +HH:MM") {
    {
        const TimeZone beijing("CST-8");
        CHECK(base::to_rfc3339_local(0) == "1970-01-01T08:00:00+08:00");
        CHECK(base::to_rfc3339_local(1795313700) == "2026-11-22T10:15:00+08:00");
    }
    {
        const TimeZone utc("UTC0");
        CHECK(base::to_rfc3339_local(0) == "1970-01-01T00:00:00+00:00");
    }
    {
        const TimeZone newfoundland("NST+3:30");
        CHECK(base::to_rfc3339_local(0) == "1969-12-31T20:30:00-03:30");
    }
    const std::string now = base::now_rfc3339();
    CHECK(now.size() == 25);
    CHECK(base::is_rfc3339(now));
}

TEST_CASE("is_rfc3339 takes an offset or Z, and a fraction") {
    CHECK(base::is_rfc3339("2026-11-22T10:15:00+08:00"));
    CHECK(base::is_rfc3339("2026-11-22T02:15:00Z"));
    CHECK(base::is_rfc3339("2026-11-22T10:15:00.123456789-05:00"));
    CHECK_FALSE(base::is_rfc3339("2026-11-22 10:15:00+08:00"));
    CHECK_FALSE(base::is_rfc3339("2026-11-22T10:15:00"));
    CHECK_FALSE(base::is_rfc3339("2026-11-22T10:15:00+0800"));
    CHECK_FALSE(base::is_rfc3339("2026-11-22T10:15:00.+08:00"));
    CHECK_FALSE(base::is_rfc3339(""));
}
