// What the staff screens show, worked out from what the kiosk keeps: the 帮办代办 queue with the
// requests that need a hand or are overdue by the reference notices' deadlines, the ledger's
// quarterly report date, the device. Plain functions of their inputs, so tests give any day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/date.hpp"
#include "kiosk/core/calendar.hpp"
#include "kiosk/core/request_view.hpp"

namespace kiosk::core {

// 一事一议 (reference/000): what a village cannot settle goes up and is answered within a week.
// The questions a resident brings (登记咨询, 信息查询) are those, so they count from the day asked.
inline constexpr int kOneMatterAnswerDays = 7;
bool is_question_service(std::string_view service);

struct OverdueRequest {
    RequestView request;
    std::string rule;  // "3个工作日内受理" or "一事一议：一周内答复"
    base::Date due;
    int days_late = 0;
};

struct QueueSummary {
    int waiting_to_send = 0, needs_attention = 0, received = 0, accepted = 0, in_progress = 0,
        done = 0, terminated = 0;
    // The oldest request not yet with the county (nullopt: none waiting).
    std::optional<RequestView> oldest_waiting;
    std::vector<RequestView> attention;   // refused by the county: its message is last_error
    std::vector<OverdueRequest> overdue;  // oldest first
};

// Requests as request listing gives them; `calendar` counts the working days.
QueueSummary summarise_queue(const std::vector<RequestView>& requests, base::Date today,
                             const WorkCalendar& calendar);

// The 台账 goes to the township each quarter before 6/25, 9/25 and 12/25 (reference/002).
struct ReportDue {
    base::Date due;
    std::string quarter;  // the ledger to send: "2026Q4"
    int days_left = 0;
};
// The next report date on or after `today`, when it is within `within_days`.
std::optional<ReportDue> report_due(base::Date today, int within_days = 30);
// "2026Q4" for a day in October to December.
std::string quarter_of(base::Date day);

// The device as staff see it.
struct DeviceInfo {
    std::string kiosk_id;
    std::string software_version;
    long long content_version = 0;
    std::string county;          // "" when none configured
    std::string county_reached;  // when it last answered (RFC 3339), "" never
    std::string county_problem;  // the last failure since it last answered, "" none
    std::uint64_t disk_free_bytes = 0, disk_total_bytes = 0;
    std::int64_t uptime_seconds = 0;         // of the machine
    std::int64_t kiosk_running_seconds = 0;  // of this kiosk program
    std::vector<std::string> log_lines;      // the last ones, oldest first
};

// "3 天 4 小时", "25 分钟": how long, as staff read it.
std::string duration_words(std::int64_t seconds);
// "1.2 GB", "350 MB".
std::string size_words(std::uint64_t bytes);

}  // namespace kiosk::core
