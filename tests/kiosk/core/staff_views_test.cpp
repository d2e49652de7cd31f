// What the staff screens work out: the queue by state, the requests the county refused, those
// overdue by the reference deadlines (accepted within 3 working days; a question answered within
// a week), oldest first; the quarterly ledger report date; sizes and durations in plain words.
#include "kiosk/core/staff_views.hpp"

#include <doctest/doctest.h>

using kiosk::core::RequestView;
using Stage = RequestView::Stage;

namespace {

RequestView request(std::string no, std::string submitted, Stage stage, std::string service,
                    std::string deadline = "") {
    RequestView r;
    r.request_no = std::move(no);
    r.submitted_at = std::move(submitted);
    r.stage = stage;
    r.service = std::move(service);
    r.deadline = std::move(deadline);
    r.deadline_working_days = 3;
    return r;
}

}  // namespace

TEST_CASE("the queue: counts by state, the oldest waiting, refusals and overdue oldest first") {
    kiosk::core::WorkCalendar calendar;
    const std::vector<RequestView> requests = {
        // Tuesday 2026-11-24: accepted by 2026-11-27; on 12-01 it is 4 days late.
        request("A-2", "2026-11-24T09:00:00+08:00", Stage::received, "表格填写", "2026-11-27"),
        // Still on its way to the county, stored before the first.
        request("A-1", "2026-11-20T09:00:00+08:00", Stage::waiting_to_send, "材料审核",
                "2026-11-25"),
        // Refused by the county: needs a hand, and overdue as well.
        request("A-3", "2026-11-30T10:00:00+08:00", Stage::needs_attention, "要件传递",
                "2026-12-03"),
        // A question asked on 11-23: answered by 11-30, so late on 12-01.
        request("A-4", "2026-11-23T08:00:00+08:00", Stage::accepted, "登记咨询", "2026-11-26"),
        // Accepted in time: nothing owed now.
        request("A-5", "2026-11-10T08:00:00+08:00", Stage::in_progress, "表格填写", "2026-11-13"),
        request("A-6", "2026-11-02T08:00:00+08:00", Stage::done, "信息查询", "2026-11-05"),
    };
    const auto q = kiosk::core::summarise_queue(requests, base::Date{2026, 12, 1}, calendar);
    CHECK(q.waiting_to_send == 1);
    CHECK(q.received == 1);
    CHECK(q.needs_attention == 1);
    CHECK(q.accepted == 1);
    CHECK(q.in_progress == 1);
    CHECK(q.done == 1);
    REQUIRE(q.oldest_waiting);
    CHECK(q.oldest_waiting->request_no == "A-1");
    REQUIRE(q.attention.size() == 1);
    CHECK(q.attention[0].request_no == "A-3");

    REQUIRE(q.overdue.size() == 3);
    CHECK(q.overdue[0].request.request_no == "A-1");
    CHECK(q.overdue[0].rule == "3个工作日内受理");
    CHECK(q.overdue[0].days_late == 6);
    CHECK(q.overdue[1].request.request_no == "A-4");
    CHECK(q.overdue[1].rule == "一事一议：一周内答复");
    CHECK(q.overdue[1].due == base::Date{2026, 11, 30});
    CHECK(q.overdue[1].days_late == 1);
    CHECK(q.overdue[2].request.request_no == "A-2");
    CHECK(q.overdue[2].days_late == 4);
    // On its last day a request is not yet late.
    const auto on_time = kiosk::core::summarise_queue(requests, base::Date{2026, 11, 25}, calendar);
    for (const auto& o : on_time.overdue) CHECK(o.request.request_no != "A-1");
}

TEST_CASE("the ledger report is due before 6/25, 9/25 and 12/25, and said a month ahead") {
    using kiosk::core::report_due;
    const auto december = report_due(base::Date{2026, 12, 1});
    REQUIRE(december);
    CHECK(december->due == base::Date{2026, 12, 25});
    CHECK(december->quarter == "2026Q4");
    CHECK(december->days_left == 24);
    CHECK(report_due(base::Date{2026, 9, 25})->days_left == 0);
    CHECK(report_due(base::Date{2026, 6, 1})->quarter == "2026Q2");
    CHECK_FALSE(report_due(base::Date{2026, 7, 20}));   // two months ahead: not yet
    CHECK_FALSE(report_due(base::Date{2026, 12, 26}));  // the next is in June
    CHECK_FALSE(report_due(base::Date{2027, 3, 25}));   // no report in March
}

TEST_CASE("sizes and durations as staff read them") {
    CHECK(kiosk::core::duration_words(25 * 60 + 10) == "25 分钟");
    CHECK(kiosk::core::duration_words(3 * 3600 + 120) == "3 小时 2 分钟");
    CHECK(kiosk::core::duration_words(3 * 86400 + 4 * 3600) == "3 天 4 小时");
    CHECK(kiosk::core::size_words(350'400'000) == "350 MB");
    CHECK(kiosk::core::size_words(12'340'000'000) == "12.3 GB");
}
