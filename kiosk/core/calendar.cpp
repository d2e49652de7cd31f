// Working days by the holiday calendar.
#include "kiosk/core/calendar.hpp"

#include <array>
#include <cassert>

namespace kiosk::core {

void WorkCalendar::set(base::Date date, DayKind kind, std::string holiday_name) {
    days_[date] = {kind, std::move(holiday_name)};
}

bool WorkCalendar::is_working_day(base::Date date) const {
    if (const auto it = days_.find(date); it != days_.end())
        return it->second.first == DayKind::work;
    return !date.is_weekend();
}

std::optional<std::string> WorkCalendar::holiday_name(base::Date date) const {
    const auto it = days_.find(date);
    if (it == days_.end() || it->second.first != DayKind::off) return std::nullopt;
    return it->second.second;
}

base::Date WorkCalendar::add_working_days(base::Date date, int n) const {
    assert(n >= 0);
    base::Date d = date;
    for (int counted = 0; counted < n;) {
        d = d.plus_days(1);
        if (is_working_day(d)) ++counted;
    }
    return d;
}

base::Date WorkCalendar::help_day_of_month(int year, int month) const {
    base::Date d{year, month, 6};
    while (!is_working_day(d)) d = d.plus_days(1);
    return d;
}

base::Date WorkCalendar::next_help_day(base::Date from) const {
    int year = from.year, month = from.month;
    while (true) {
        const base::Date d = help_day_of_month(year, month);
        if (d >= from) return d;
        if (++month > 12) month = 1, ++year;
    }
}

std::string weekday_name(base::Date date) {
    static constexpr std::array<const char*, 7> kWeekdays = {"日", "一", "二", "三",
                                                             "四", "五", "六"};
    return std::string("星期") + kWeekdays[static_cast<std::size_t>(date.weekday())];
}

std::string chinese_date(base::Date date, bool with_weekday) {
    std::string s = std::to_string(date.month) + "月" + std::to_string(date.day) + "日";
    if (with_weekday) s += "（" + weekday_name(date) + "）";
    return s;
}

}  // namespace kiosk::core
