// The staff screens' figures, from the requests, the calendar and the date.
#include "kiosk/core/staff_views.hpp"

#include <algorithm>
#include <cstdio>

#include "kiosk/core/request_service.hpp"

namespace kiosk::core {
namespace {

std::optional<base::Date> submitted_on(const RequestView& r) {
    if (r.submitted_at.size() < 10) return std::nullopt;
    return base::parse_date(std::string_view(r.submitted_at).substr(0, 10));
}

int days_between(base::Date from, base::Date to) {
    return static_cast<int>(to.days_since_epoch() - from.days_since_epoch());
}

}  // namespace

bool is_question_service(std::string_view service) {
    return service == "登记咨询" || service == "信息查询";
}

QueueSummary summarise_queue(const std::vector<RequestView>& requests, base::Date today,
                             const WorkCalendar& calendar) {
    using Stage = RequestView::Stage;
    QueueSummary q;
    for (const auto& r : requests) {
        switch (r.stage) {
            case Stage::waiting_to_send:
                ++q.waiting_to_send;
                if (!q.oldest_waiting || r.submitted_at < q.oldest_waiting->submitted_at) {
                    q.oldest_waiting = r;
                }
                break;
            case Stage::needs_attention:
                ++q.needs_attention;
                q.attention.push_back(r);
                break;
            case Stage::received:
                ++q.received;
                break;
            case Stage::accepted:
                ++q.accepted;
                break;
            case Stage::in_progress:
                ++q.in_progress;
                break;
            case Stage::done:
                ++q.done;
                break;
            case Stage::terminated:
                ++q.terminated;
                break;
        }
        const auto asked = submitted_on(r);
        if (!asked || r.stage == Stage::done || r.stage == Stage::terminated) continue;
        // A question is answered within a week; anything else is accepted within 3 working days
        // (the receipt's deadline, counted when it was stored).
        if (is_question_service(r.service)) {
            const base::Date due = asked->plus_days(kOneMatterAnswerDays);
            if (today > due) {
                q.overdue.push_back({r, "一事一议：一周内答复", due, days_between(due, today)});
            }
            continue;
        }
        if (r.stage == Stage::accepted || r.stage == Stage::in_progress) continue;
        const base::Date due = base::parse_date(r.deadline)
                                   .value_or(calendar.add_working_days(
                                       *asked, r.deadline_working_days > 0 ? r.deadline_working_days
                                                                           : kAcceptWorkingDays));
        if (today > due) {
            q.overdue.push_back({r, "3个工作日内受理", due, days_between(due, today)});
        }
    }
    std::sort(q.attention.begin(), q.attention.end(),
              [](const auto& a, const auto& b) { return a.submitted_at < b.submitted_at; });
    std::sort(q.overdue.begin(), q.overdue.end(), [](const auto& a, const auto& b) {
        return a.request.submitted_at < b.request.submitted_at;
    });
    return q;
}

std::string quarter_of(base::Date day) {
    return std::to_string(day.year) + "Q" + std::to_string((day.month - 1) / 3 + 1);
}

std::optional<ReportDue> report_due(base::Date today, int within_days) {
    for (const int month : {6, 9, 12}) {
        const base::Date due{today.year, month, 25};
        if (due < today) continue;
        const int left = days_between(today, due);
        if (left > within_days) return std::nullopt;
        return ReportDue{due, quarter_of(due), left};
    }
    return std::nullopt;  // after 12/25: the next is in June
}

std::string duration_words(std::int64_t seconds) {
    const std::int64_t minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
    if (days > 0) return std::to_string(days) + " 天 " + std::to_string(hours % 24) + " 小时";
    if (hours > 0) return std::to_string(hours) + " 小时 " + std::to_string(minutes % 60) + " 分钟";
    return std::to_string(minutes) + " 分钟";
}

std::string size_words(std::uint64_t bytes) {
    char text[32];
    if (bytes >= 1'000'000'000) {
        std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
    } else {
        std::snprintf(text, sizeof text, "%llu MB",
                      static_cast<unsigned long long>(bytes / 1'000'000));
    }
    return text;
}

}  // namespace kiosk::core
