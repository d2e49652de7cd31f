// Tests kiosk/core/calendar with the shipped holiday calendars: the 主动帮办日 and working days.
#include <doctest/doctest.h>

#include "kiosk/core/bundle_builder.hpp"

using base::Date;

namespace {

const kiosk::core::WorkCalendar& calendar() {
    static const auto content =
        kiosk::core::read_content_sources(std::string(SOURCE_DIR) + "/kiosk/content");
    REQUIRE_MESSAGE(content, (content ? "" : content.error().describe()));
    return content->calendar;
}

}  // namespace

TEST_CASE("the help day is the 6th, moved to the next working day on holidays and weekends") {
    const auto& cal = calendar();
    CHECK(cal.next_help_day({2025, 10, 1}) == Date{2025, 10, 9});  // National Day week, then 10-09
    CHECK(cal.next_help_day({2025, 10, 6}) == Date{2025, 10, 9});
    CHECK(cal.next_help_day({2025, 4, 6}) == Date{2025, 4, 7});    // 清明, a Sunday
    CHECK(cal.next_help_day({2025, 5, 6}) == Date{2025, 5, 6});    // a Tuesday after 劳动节
    CHECK(cal.next_help_day({2026, 12, 1}) == Date{2026, 12, 7});  // the 6th is a Sunday
    CHECK(cal.next_help_day({2026, 12, 8}) == Date{2027, 1, 6});  // past this month's: next month's
    CHECK(cal.next_help_day({2026, 2, 1}) == Date{2026, 2, 6});   // a Friday before 春节
}

TEST_CASE("make-up Saturdays and Sundays are working days, holidays are not") {
    const auto& cal = calendar();
    CHECK(cal.is_working_day({2025, 9, 28}));   // Sunday, made up for National Day
    CHECK(cal.is_working_day({2025, 10, 11}));  // Saturday, made up
    CHECK(cal.is_working_day({2026, 2, 14}));   // Saturday before 春节 2026
    CHECK_FALSE(cal.is_working_day({2025, 10, 8}));
    CHECK_FALSE(cal.is_working_day({2026, 2, 16}));
    CHECK_FALSE(cal.is_working_day({2025, 11, 22}));  // an ordinary Saturday
    CHECK(cal.holiday_name({2026, 10, 1}) == "国庆节");
}

TEST_CASE("working days are counted past weekends and holidays, make-up days included") {
    const auto& cal = calendar();
    CHECK(cal.add_working_days({2025, 9, 26}, 1) == Date{2025, 9, 28});  // Fri → make-up Sunday
    CHECK(cal.add_working_days({2025, 9, 30}, 1) == Date{2025, 10, 9});
    CHECK(cal.add_working_days({2025, 9, 30}, 2) == Date{2025, 10, 10});
    CHECK(cal.add_working_days({2025, 9, 30}, 3) == Date{2025, 10, 11});  // make-up Saturday
    // 低保: 20 working days from acceptance (reference/003).
    CHECK(cal.add_working_days({2026, 1, 29}, 20) == Date{2026, 3, 4});
    CHECK(cal.add_working_days({2025, 3, 3}, 0) == Date{2025, 3, 3});
}

TEST_CASE("the calendar covers the years it was published for") {
    const auto& cal = calendar();
    CHECK(cal.covers({2025, 6, 1}));
    CHECK(cal.covers({2026, 6, 1}));
    CHECK_FALSE(cal.covers({2027, 6, 1}));
    // Beyond it, weekends still count as days off.
    CHECK(cal.add_working_days({2027, 1, 8}, 1) == Date{2027, 1, 11});
}

TEST_CASE("dates in Chinese for residents") {
    CHECK(kiosk::core::chinese_date({2026, 12, 7}) == "12月7日（星期一）");
    CHECK(kiosk::core::chinese_date({2026, 12, 7}, false) == "12月7日");
}
