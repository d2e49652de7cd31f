// 帮办代办 requests for the screens: checked at once, stored on the storage worker, shown from
// memory that core refreshes; nothing is promised before it is on disk.
#include <doctest/doctest.h>

#include "support/hold_worker.hpp"

#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "base/csv.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/request_service.hpp"

namespace fs = std::filesystem;
using kiosk::core::RequestDraft;
using kiosk::core::RequestService;
using kiosk::core::WatchedRequest;

namespace {

struct Fixture {
    fs::path dir;
    kiosk::core::Config config;
    kiosk::core::Content content;
    int wakes = 0;
    std::unique_ptr<RequestService> requests;

    explicit Fixture(const std::string& name) {
        dir = fs::temp_directory_path() / ("mingbai-req-" + std::to_string(::getpid())) / name;
        fs::remove_all(dir);
        fs::create_directories(dir);
        config.data_dir = dir;
        config.station.staff = "王芳";
        auto loaded = kiosk::core::load_bundle(fs::path(SHARE_DIR) / "content/default.bundle");
        REQUIRE(loaded.has_value());
        content = std::move(*loaded);
        auto svc = RequestService::create(
            config, [this] { ++wakes; }, false);
        REQUIRE(svc.has_value());
        requests = std::move(*svc);
    }

    RequestDraft draft(std::string phone = "13800000000") const {
        return {"linshi",
                "材料审核",
                *scanner::IdNumber::parse("11010519491231002X"),
                phone,
                {"户口本"}};
    }
};

}  // namespace

TEST_CASE("a submitted request is promised only once the worker has stored it") {
    Fixture f("held");
    test::HoldWorker hold(f.requests->storage_worker());
    const auto pending = f.requests->submit_async(f.draft(), f.content, {2026, 12, 1});
    CHECK_FALSE(pending.ready());
    CHECK(f.requests->list()->empty());
    hold.release();
    f.requests->storage_worker().drain();
    REQUIRE(pending.ready());
    const auto& stored = *pending.get();
    REQUIRE(stored.has_value());
    CHECK(stored->request_no.starts_with("A-"));
    CHECK(stored->id_masked == "1101**********002X");
    CHECK(stored->phone_masked == "138****0000");
    CHECK(stored->stage == kiosk::core::RequestView::Stage::waiting_to_send);
    CHECK(stored->deadline_working_days == 3);
    CHECK(f.requests->list()->size() == 1);
    CHECK(f.wakes > 0);
}

TEST_CASE("a draft that cannot be stored says why, and nothing is stored") {
    Fixture f("bad");
    auto bad_phone = f.requests->submit_async(f.draft("12345"), f.content, {2026, 12, 1});
    RequestDraft no_item = f.draft();
    no_item.item_id = "nosuch";
    auto bad_item = f.requests->submit_async(no_item, f.content, {2026, 12, 1});
    f.requests->storage_worker().drain();
    REQUIRE(bad_phone.ready());
    CHECK_FALSE(bad_phone.get()->has_value());
    CHECK(bad_phone.get()->error() == "not a mobile number");
    REQUIRE(bad_item.ready());
    CHECK(bad_item.get()->error().find("nosuch") != std::string::npos);
    CHECK(f.requests->list()->empty());
}

TEST_CASE("a watched request is read on the worker, kept in memory, and shows its rating") {
    Fixture f("watch");
    const auto stored = f.requests->submit(f.draft(), f.content, {2026, 12, 1});
    REQUIRE(stored.has_value());

    f.requests->watch("A-19990101-0001");
    f.requests->storage_worker().drain();
    CHECK(f.requests->watched().state == WatchedRequest::State::missing);

    test::HoldWorker hold(f.requests->storage_worker());
    f.requests->watch(stored->request_no);
    CHECK(f.requests->watched().state == WatchedRequest::State::loading);
    hold.release();
    f.requests->storage_worker().drain();
    auto w = f.requests->watched();
    REQUIRE(w.state == WatchedRequest::State::found);
    CHECK(w.view->request_no == stored->request_no);
    CHECK(w.view->rating.empty());

    f.requests->rate_async(stored->request_no, "satisfied");
    f.requests->storage_worker().drain();
    CHECK(f.requests->watched().view->rating == "satisfied");

    f.requests->unwatch();
    CHECK(f.requests->watched().state == WatchedRequest::State::none);
}

TEST_CASE("the ledger has the quarter's requests with masked IDs only") {
    Fixture f("ledger");
    REQUIRE(f.requests->submit(f.draft(), f.content, base::today_local()).has_value());
    const auto today = base::today_local();
    const std::string quarter =
        std::to_string(today.year) + "Q" + std::to_string((today.month - 1) / 3 + 1);
    const auto csv = kiosk::core::ledger_csv(*f.requests->list(), quarter);
    REQUIRE(csv.has_value());
    CHECK(csv->find("1101**********002X") != std::string::npos);
    CHECK(csv->find("11010519491231002X") == std::string::npos);
    CHECK(csv->find("王芳") != std::string::npos);
    CHECK_FALSE(kiosk::core::ledger_csv({}, "2025Q5").has_value());
}

TEST_CASE("the ledger keeps commas, quotes and line breaks inside their fields") {
    kiosk::core::RequestView r;
    r.request_no = "A-20250801-0001";
    r.id_masked = "1101**********002X";
    r.staff = "王芳, \"小王\"";
    r.item_name = "临时救助";
    r.service = "材料审核";
    r.submitted_at = "2025-08-01T09:30:00+08:00";
    r.deadline = "2025-08-06";
    r.deadline_working_days = 3;
    r.stage = kiosk::core::RequestView::Stage::done;
    r.case_no = "C-000001";
    r.reply_text = "已办结，\"补助\" 800 元,\r\n第二行\n第三行";
    r.replied_at = "2025-08-05T16:00:00+08:00";
    const auto csv = kiosk::core::ledger_csv({r}, "2025Q3");
    REQUIRE(csv.has_value());
    CHECK(
        csv->rfind(
            "\xEF\xBB\xBF序号,委托人,帮办代办员,事项,受理时间,办理时限,办理结果,回复时间,备注\r\n",
            0) == 0);

    // Read back as a spreadsheet reads it: two records of nine fields, the text as it was.
    const auto records = base::csv::read(*csv);
    REQUIRE(records.has_value());
    REQUIRE(records->size() == 2);
    const std::vector<std::string> expected = {"1",
                                               "1101**********002X",
                                               "王芳, \"小王\"",
                                               "临时救助",
                                               "2025-08-01T09:30",
                                               "3个工作日（2025-08-06前）",
                                               "办结：" + r.reply_text,
                                               "2025-08-05T16:00",
                                               "材料审核；县里编号 C-000001"};
    CHECK((*records)[1].fields == expected);
    CHECK((*records)[1].line == 2);
}

TEST_CASE("a sync error is current until a pass goes through after it") {
    using Health = kiosk::core::RequestService::SyncHealth;
    CHECK_FALSE(Health{"", "HTTP 503", "2026-12-01T10:00:00+08:00"}.recovered());
    CHECK_FALSE(
        Health{"2026-12-01T09:59:00+08:00", "HTTP 503", "2026-12-01T10:00:00+08:00"}.recovered());
    CHECK(Health{"2026-12-01T10:05:00+08:00", "HTTP 503", "2026-12-01T10:00:00+08:00"}.recovered());
    CHECK(Health{"2026-12-01T10:05:00+08:00", "", ""}.recovered());
}
