// Working days by the State Council's holiday calendar (with make-up working days, 调休), the
// monthly 主动帮办日 and deadlines counted in working days.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/date.hpp"

namespace kiosk::core {

class WorkCalendar {
  public:
    enum class DayKind { off, work };

    // A day off (holiday) or a working weekend day (make-up day), from the content bundle.
    void set(base::Date date, DayKind kind, std::string holiday_name);
    void add_covered_year(int year) { years_.insert(year); }

    bool is_working_day(base::Date date) const;
    // Whether the published calendar covers the year; outside it only weekends count as off.
    bool covers(base::Date date) const { return years_.contains(date.year); }
    const std::set<int>& covered_years() const { return years_; }
    std::optional<std::string> holiday_name(base::Date date) const;

    // The Nth working day after `date` (N ≥ 1); `date` itself does not count.
    base::Date add_working_days(base::Date date, int n) const;

    // The next 主动帮办日 on or after `from`: the 6th of the month, or the first working day
    // after it when the 6th is a weekend day or a holiday (reference/000).
    base::Date next_help_day(base::Date from) const;
    base::Date help_day_of_month(int year, int month) const;

    const std::map<base::Date, std::pair<DayKind, std::string>>& days() const { return days_; }

  private:
    std::map<base::Date, std::pair<DayKind, std::string>> days_;
    std::set<int> years_;
};

// "星期一"
std::string weekday_name(base::Date date);

// "12月8日（星期一）"
std::string chinese_date(base::Date date, bool with_weekday = true);

}  // namespace kiosk::core
