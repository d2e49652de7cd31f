// Tests net/sync_worker against the reference county server on loopback (and, for answers the
// county would never give, a small httplib server): exactly-once delivery through injected
// failures and lost answers, refusals that need attention, replies and the cursor, evaluations,
// malformed answers, a crash mid-attempt, backoff bounds, and logs free of personal data.
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "net/county/county.hpp"
#include "net/outbox.hpp"
#include "net/sync_worker.hpp"
#include "support/stderr_capture.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using net::RequestState;

namespace {

constexpr const char* kToken = "county-token-1";
constexpr const char* kKiosk = "kiosk-001";

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() /
               ("mingbai-sync-" + std::to_string(::getpid()) + "-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

// A GB 11643 ID number from 17 digits: the check character makes the county accept it.
std::string id_number(const std::string& first17) {
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * weights[i];
    return first17 + "10X98765432"[sum % 11];
}

net::NewRequest request(int n) {
    const std::string body = "3201021960" + std::to_string(1000000 + n);  // 17 digits
    const std::string phone = "138" + std::to_string(20000000 + n);
    net::NewRequest r;
    r.item = "linshi";
    r.item_name = "临时救助";
    r.service = "材料审核";
    const std::string id = id_number(body);
    r.id_number = id;
    r.id_masked = id.substr(0, 4) + "**********" + id.substr(14);
    r.phone = phone;
    r.phone_masked = phone.substr(0, 3) + "****" + phone.substr(7);
    r.missing_materials = {"医院的诊断证明"};
    r.submitted_at = "2026-11-22T10:15:00+08:00";
    r.deadline = "2026-11-25";
    r.deadline_working_days = 3;
    return r;
}

std::unique_ptr<net::Outbox> open_outbox(const fs::path& dir) {
    auto box = net::Outbox::open(dir);
    REQUIRE_MESSAGE(box.has_value(), (box ? "" : box.error()));
    return std::move(*box);
}

std::unique_ptr<county::CountyServer> start_county(const fs::path& db, double fail_rate = 0,
                                                   double drop_rate = 0, unsigned seed = 1) {
    county::CountyServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.db = db;
    o.token = kToken;
    o.fail_rate = fail_rate;
    o.drop_rate = drop_rate;
    o.seed = seed;
    auto server = county::CountyServer::start(o);
    REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error()));
    return std::move(*server);
}

net::HttpClientOptions http_for(const std::string& url) {
    net::HttpClientOptions h;
    h.base_url = url;
    h.token = kToken;
    h.kiosk_id = kKiosk;
    h.connect_timeout = 2s;
    h.total_timeout = 5s;
    return h;
}

// Fast backoff, so that faults cost milliseconds; the thread only when asked for.
net::SyncOptions fast(bool background) {
    net::SyncOptions s;
    s.backoff_base = 5ms;
    s.backoff_cap = 50ms;
    s.poll_interval = 200ms;
    s.background = background;
    return s;
}

std::vector<county::ReceivedRequest> received(const fs::path& db) {
    auto list = county::list_requests(db);
    REQUIRE_MESSAGE(list.has_value(), (list ? "" : list.error()));
    return std::move(*list);
}

// The lines the kiosk's sync worker and outbox wrote to stderr.
std::string kiosk_lines(const std::string& text) {
    std::istringstream in(text);
    std::string lines, line;
    while (std::getline(in, line)) {
        if (line.find("[sync]") != std::string::npos || line.find("[outbox]") != std::string::npos)
            lines += line + "\n";
    }
    return lines;
}

}  // namespace

TEST_CASE("exactly once through failures and lost answers: 30 requests, 30 cases") {
    TempDir dir("exactly-once");
    auto county = start_county(dir.path / "county.db", 0.3, 0.3, 7);
    auto box = open_outbox(dir.path / "kiosk");
    std::atomic<int> changes{0};
    std::string log;
    std::vector<net::NewRequest> sent;
    {
        test::StderrCapture capture(dir.path / "stderr.txt");
        net::SyncWorker worker(*box, http_for(county->url()), fast(true), [&] { ++changes; });
        for (int i = 0; i < 30; ++i) {
            sent.push_back(request(i));
            REQUIRE(worker.store(sent.back()).has_value());
        }
        CHECK(worker.until_empty(60s).value());
        log = kiosk_lines(capture.restore());
    }
    const auto county_has = received(dir.path / "county.db");
    CHECK(county_has.size() == 30);
    std::map<std::string, const county::ReceivedRequest*> by_key;
    for (const auto& r : county_has) by_key[r.idempotency_key] = &r;
    CHECK(by_key.size() == 30);  // one per key

    const auto kiosk_has = box->list().value();
    REQUIRE(kiosk_has.size() == 30);
    int retried = 0;
    for (std::size_t i = 0; i < kiosk_has.size(); ++i) {
        const auto& k = kiosk_has[i];
        CAPTURE(k.local_no);
        CHECK(k.state == RequestState::delivered);
        CHECK(k.personal_data_erased);
        REQUIRE(by_key.count(k.idempotency_key) == 1);
        const auto& c = *by_key[k.idempotency_key];
        CHECK(c.case_no == k.case_no);  // the county's case number, also after a lost answer
        CHECK(c.local_no == k.local_no);
        CHECK(c.kiosk_id == kKiosk);
        CHECK(c.id_number == sent[i].id_number);
        CHECK(c.phone == sent[i].phone);
        if (k.attempts > 1) ++retried;
    }
    CHECK(retried > 0);  // the faults did happen
    CHECK(changes > 0);
    // The log speaks of local and case numbers, never of ID numbers or phones.
    CHECK(log.find("delivered as") != std::string::npos);
    for (const auto& r : sent) {
        CHECK(log.find(r.id_number) == std::string::npos);
        CHECK(log.find(r.phone) == std::string::npos);
    }
}

TEST_CASE("kioskctl sync --once: passes on the calling thread, with a summary") {
    TempDir dir("once");
    auto county = start_county(dir.path / "county.db");
    auto box = open_outbox(dir.path / "kiosk");
    for (int i = 0; i < 3; ++i) REQUIRE(box->store(request(i)).has_value());
    net::SyncWorker worker(*box, http_for(county->url()), fast(false));
    const auto s = worker.sync_once();
    CHECK(s.sent == 3);
    CHECK(s.failed == 0);
    CHECK(s.pending == 0);
    CHECK(received(dir.path / "county.db").size() == 3);
    CHECK(worker.until_empty(1s).value());
}

TEST_CASE("a refusal (4xx) needs attention and is not retried") {
    TempDir dir("refused");
    auto county = start_county(dir.path / "county.db");
    auto box = open_outbox(dir.path / "kiosk");
    auto bad = request(1);
    std::string id = bad.id_number.str();
    id[17] = id[17] == '0' ? '1' : '0';  // the check character fails
    bad.id_number = id;
    const auto stored = box->store(bad);
    REQUIRE(stored.has_value());
    auto unknown_item = request(2);
    unknown_item.item = "no-such-item";
    REQUIRE(box->store(unknown_item).has_value());
    REQUIRE(box->store(request(3)).has_value());

    net::SyncWorker worker(*box, http_for(county->url()), fast(false));
    auto s = worker.sync_once();
    CHECK(s.sent == 1);
    CHECK(s.failed == 2);
    CHECK(s.pending == 0);
    auto r = box->find_local(stored->local_no).value();
    CHECK(r->state == RequestState::needs_attention);
    CHECK(r->last_error.find("HTTP 400") != std::string::npos);
    CHECK(r->last_error.find("id_number") != std::string::npos);
    CHECK(r->last_error.find(bad.id_number) == std::string::npos);
    CHECK_FALSE(r->personal_data_erased);  // the county does not have it
    CHECK(box->list().value()[1].last_error.find("no-such-item") != std::string::npos);

    s = worker.sync_once();
    CHECK(s.failed == 0);
    CHECK(box->find_local(stored->local_no).value()->attempts == 1);
    CHECK(received(dir.path / "county.db").size() == 1);
}

TEST_CASE("replies flow back and the cursor moves past them") {
    TempDir dir("replies");
    const auto county_db = dir.path / "county.db";
    auto county = start_county(county_db);
    auto box = open_outbox(dir.path / "kiosk");
    const auto a = box->store(request(1));
    const auto b = box->store(request(2));
    net::SyncWorker worker(*box, http_for(county->url()), fast(false));
    REQUIRE(worker.sync_once().sent == 2);
    const auto case_a = box->find_local(a->local_no).value()->case_no;
    const auto case_b = box->find_local(b->local_no).value()->case_no;
    REQUIRE(!case_a.empty());
    REQUIRE(case_a != case_b);
    CHECK(box->reply_cursor().value() == 0);

    REQUIRE(county::post_reply(county_db, case_a, "accepted", "已受理，材料齐全。").has_value());
    REQUIRE(county::post_reply(county_db, case_b, "done", "已办结").has_value());
    auto s = worker.sync_once();
    CHECK(s.replies == 2);
    const auto cursor = box->reply_cursor().value();
    CHECK(cursor > 0);
    auto ra = box->find_case(case_a).value();
    CHECK(ra->state == RequestState::replied);
    CHECK(ra->reply_state == "accepted");
    CHECK(ra->reply_text == "已受理，材料齐全。");
    CHECK_FALSE(ra->replied_at.empty());
    CHECK(box->find_case(case_b).value()->state == RequestState::closed);

    CHECK(worker.sync_once().replies == 0);  // nothing is applied twice
    CHECK(box->reply_cursor().value() == cursor);

    REQUIRE(county::post_reply(county_db, case_a, "done", "发放临时救助金").has_value());
    CHECK(worker.sync_once().replies == 1);
    CHECK(box->reply_cursor().value() > cursor);
    CHECK(box->find_case(case_a).value()->state == RequestState::closed);
    CHECK(box->find_case(case_a).value()->reply_text == "发放临时救助金");
}

TEST_CASE("replies come in pages of the limit") {
    TempDir dir("pages");
    const auto county_db = dir.path / "county.db";
    auto county = start_county(county_db);
    auto box = open_outbox(dir.path / "kiosk");
    for (int i = 0; i < 5; ++i) REQUIRE(box->store(request(i)).has_value());
    auto opts = fast(false);
    opts.replies_limit = 2;
    net::SyncWorker worker(*box, http_for(county->url()), opts);
    REQUIRE(worker.sync_once().sent == 5);
    for (const auto& r : std::vector(box->list().value())) {
        REQUIRE(county::post_reply(county_db, r.case_no, "in_progress", "办理中").has_value());
    }
    CHECK(worker.sync_once().replies == 5);
    for (const auto& r : std::vector(box->list().value())) CHECK(r.reply_state == "in_progress");
}

TEST_CASE("an evaluation is sent once the case is done, and only once") {
    TempDir dir("evaluation");
    const auto county_db = dir.path / "county.db";
    auto county = start_county(county_db);
    auto box = open_outbox(dir.path / "kiosk");
    const auto a = box->store(request(1));
    net::SyncWorker worker(*box, http_for(county->url()), fast(false));
    REQUIRE(worker.sync_once().sent == 1);
    REQUIRE(box->set_rating(a->local_no, "satisfied").has_value());
    CHECK(worker.sync_once().ratings == 0);  // not done yet: it waits
    const auto case_no = box->find_local(a->local_no).value()->case_no;
    REQUIRE(county::post_reply(county_db, case_no, "done", "已办结").has_value());
    auto s = worker.sync_once();
    CHECK(s.replies == 1);
    CHECK(s.ratings == 1);
    CHECK(box->find_local(a->local_no).value()->rating_sent);
    CHECK(received(county_db).front().rating == "satisfied");
    CHECK(worker.sync_once().ratings == 0);
    CHECK_FALSE(box->set_rating(a->local_no, "dissatisfied").has_value());
}

TEST_CASE("a request left 'sending' by a crash is sent again on the next start") {
    TempDir dir("crash");
    const auto county_db = dir.path / "county.db";
    auto county = start_county(county_db);
    std::string local_no;
    {
        auto box = open_outbox(dir.path / "kiosk");
        const auto stored = box->store(request(1));
        local_no = stored->local_no;
        REQUIRE(box->mark_sending(stored->seq).has_value());
        // The process dies here, before (or while) the POST goes out.
    }
    auto box = open_outbox(dir.path / "kiosk");
    net::SyncWorker worker(*box, http_for(county->url()), fast(false));
    CHECK(worker.sync_once().sent == 1);
    CHECK(received(county_db).size() == 1);
    const auto r = box->find_local(local_no).value();
    CHECK(r->state == RequestState::delivered);
    CHECK(r->attempts == 2);
}

TEST_CASE("a crash between the county's answer and the kiosk's record: same key, same case") {
    TempDir dir("lost-record");
    const auto county_db = dir.path / "county.db";
    auto county = start_county(county_db);
    auto box = open_outbox(dir.path / "kiosk");
    const auto stored = box->store(request(1));
    // What the worker sends, sent once by hand: the county has it, the kiosk never heard back.
    {
        auto due = box->due(LLONG_MAX).value();
        REQUIRE(due.size() == 1);
        REQUIRE(box->mark_sending(stored->seq).has_value());
        nlohmann::json body = {{"idempotency_key", stored->idempotency_key},
                               {"kiosk_id", kKiosk},
                               {"local_no", stored->local_no},
                               {"item", stored->item},
                               {"service", stored->service},
                               {"id_number", due[0].id_number},
                               {"phone", due[0].phone},
                               {"missing_materials", stored->missing_materials},
                               {"submitted_at", stored->submitted_at}};
        net::HttpClient client(http_for(county->url()));
        auto r = client.post_json("/api/v1/requests", body.dump());
        REQUIRE(r.has_value());
        REQUIRE(r->status == 201);
    }
    net::SyncWorker worker(*box, http_for(county->url()), fast(false));
    CHECK(worker.sync_once().sent == 1);
    const auto county_has = received(county_db);
    REQUIRE(county_has.size() == 1);
    const auto k = box->find_local(stored->local_no).value();
    CHECK(k->state == RequestState::delivered);
    CHECK(k->case_no == county_has.front().case_no);
}

TEST_CASE("malformed or foreign answers are failed attempts with a clear message, never a crash") {
    TempDir dir("malformed");
    httplib::Server server;
    std::atomic<int> posts{0};
    std::string post_answer;
    std::string post_type = "application/json";
    int post_status = 201;
    std::string replies_answer = "{\"replies\": 5}";
    server.Post("/api/v1/requests", [&](const httplib::Request&, httplib::Response& res) {
        ++posts;
        res.status = post_status;
        res.set_content(post_answer, post_type.c_str());
    });
    server.Get("/api/v1/replies", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(replies_answer, "application/json");
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread thread([&] { server.listen_after_bind(); });

    auto box = open_outbox(dir.path / "kiosk");
    const auto stored = box->store(request(1));
    std::int64_t fake_now = 1'000'000;
    auto opts = fast(false);
    opts.now_ms = [&] { return fake_now; };
    opts.backoff_base = 1000ms;
    opts.backoff_cap = 60000ms;
    net::SyncWorker worker(*box, http_for("http://127.0.0.1:" + std::to_string(port)), opts);

    struct Case {
        std::string answer;
        int status;
        std::string type;
        std::string expect;
    };
    const Case cases[] = {
        {"{not json", 201, "application/json", "not understood"},
        {R"({"case_no": 5})", 201, "application/json", "not understood"},
        {R"(["C-1"])", 200, "application/json", "not understood"},
        {"<html>gateway</html>", 502, "text/html", "wrong content type"},
        {R"({"error":{"code":"unavailable","message":"maintenance"}})", 503, "application/json",
         "HTTP 503 unavailable: maintenance"},
        {R"({"error":{"code":"unauthorized","message":"wrong token"}})", 401, "application/json",
         "HTTP 401"},
    };
    int attempt = 0;
    for (const auto& c : cases) {
        CAPTURE(c.answer);
        post_answer = c.answer;
        post_status = c.status;
        post_type = c.type;
        const auto s = worker.sync_once();
        CHECK(s.failed == 1);
        CHECK(s.sent == 0);
        ++attempt;
        const auto r = box->find_local(stored->local_no).value();
        CHECK(r->state == RequestState::queued);  // passing: retried, not needs-attention
        CHECK(r->attempts == attempt);
        CHECK(r->last_error.find(c.expect) != std::string::npos);
        // Full jitter within the growing ceiling.
        const std::int64_t ceiling = std::min<std::int64_t>(60000, 1000LL << (attempt - 1));
        CHECK(r->next_attempt_ms >= fake_now);
        CHECK(r->next_attempt_ms <= fake_now + ceiling);
        if (r->next_attempt_ms > fake_now) {
            CHECK(worker.sync_once().failed == 0);  // not due before its time
        }
        fake_now += ceiling;
    }
    CHECK(posts == attempt);
    CHECK(box->reply_cursor().value() == 0);  // the malformed replies answer moved nothing

    replies_answer = R"({"replies": [42, {"cursor": 3, "case_no": "C-unknown", "state": "done"},
                                     {"cursor": 4, "case_no": 7}], "next": 4})";
    post_answer = R"({"case_no": "C-000001", "state": "received"})";
    post_status = 201;
    post_type = "application/json";
    const auto s = worker.sync_once();
    CHECK(s.sent == 1);
    CHECK(s.replies == 0);
    CHECK(box->reply_cursor().value() == 4);  // unusable entries are skipped, not retried forever
    CHECK(box->find_local(stored->local_no).value()->case_no == "C-000001");

    while (!server.is_running()) std::this_thread::yield();
    server.stop();
    thread.join();
}

TEST_CASE("a county URL with a password: refused, and the password never logged nor stored") {
    TempDir dir("userinfo");
    auto county = start_county(dir.path / "county.db");
    auto box = open_outbox(dir.path / "kiosk");
    const auto stored = box->store(request(1));
    REQUIRE(stored.has_value());
    auto url = county->url();
    url.insert(url.find("://") + 3, "kiosk:s3cret@");
    test::StderrCapture capture(dir.path / "stderr.txt");
    {
        net::SyncWorker worker(*box, http_for(url), fast(false));
        const auto s = worker.sync_once();
        CHECK(s.sent == 0);
        CHECK(s.failed == 1);
    }
    {
        // The thread names where it delivers to as it starts.
        net::SyncWorker worker(*box, http_for(url), fast(true));
    }
    const std::string logged = kiosk_lines(capture.restore());
    CHECK(logged.find("delivering to http://***@127.0.0.1:") != std::string::npos);
    CHECK_MESSAGE(logged.find("s3cret") == std::string::npos, logged);
    const auto r = box->find_local(stored->local_no).value();
    CHECK_MESSAGE(r->last_error.find("user name or password") != std::string::npos, r->last_error);
    CHECK(r->last_error.find("s3cret") == std::string::npos);
    CHECK(received(dir.path / "county.db").empty());
}

TEST_CASE("the thread wakes for a nudge and stops promptly") {
    TempDir dir("nudge");
    auto county = start_county(dir.path / "county.db");
    auto box = open_outbox(dir.path / "kiosk");
    auto opts = fast(true);
    opts.poll_interval = std::chrono::hours(1);  // only a nudge or a due attempt wakes it
    std::mutex m;
    std::condition_variable cv;
    int changes = 0;
    const auto t0 = std::chrono::steady_clock::now();
    {
        net::SyncWorker worker(*box, http_for(county->url()), opts, [&] {
            std::lock_guard lock(m);
            ++changes;
            cv.notify_all();
        });
        REQUIRE(worker.store(request(1)).has_value());
        std::unique_lock lock(m);
        CHECK(cv.wait_for(lock, 10s, [&] { return changes > 0; }));
    }
    CHECK(std::chrono::steady_clock::now() - t0 < 5s);
    CHECK(box->list().value().front().state == RequestState::delivered);
}

TEST_CASE("backoff: full jitter under base·2^attempts, capped") {
    std::mt19937_64 rng(12345);
    const auto base = 2000ms;
    const auto cap = std::chrono::milliseconds(std::chrono::minutes(5));
    for (int attempts : {0, 1, 2, 3, 5, 7, 8, 10, 20, 62, 63, 1000, INT_MAX}) {
        CAPTURE(attempts);
        const std::int64_t ceiling =
            attempts >= 8 ? cap.count() : std::min<std::int64_t>(cap.count(), 2000LL << attempts);
        std::int64_t lo = LLONG_MAX, hi = 0;
        for (int i = 0; i < 2000; ++i) {
            const auto d = net::next_attempt_delay(attempts, rng, base, cap).count();
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
        CHECK(lo >= 0);
        CHECK(hi <= ceiling);
        CHECK(lo < ceiling / 10);      // full jitter reaches down to almost nothing...
        CHECK(hi > ceiling * 9 / 10);  // ...and up to the ceiling
    }
    // The defaults are the documented 2 s and 5 min.
    for (int i = 0; i < 100; ++i) {
        CHECK(net::next_attempt_delay(0, rng) <= 2000ms);
        CHECK(net::next_attempt_delay(30, rng) <= std::chrono::minutes(5));
    }
    CHECK(net::next_attempt_delay(-3, rng) <= base);
    CHECK(net::next_attempt_delay(5, rng, 0ms, cap) == 0ms);
}

TEST_CASE("which 4xx answers are final") {
    for (long s : {400L, 409L, 413L, 422L}) CHECK(net::is_final_refusal(s));
    for (long s : {200L, 201L, 302L, 401L, 403L, 404L, 408L, 429L, 500L, 503L}) {
        CAPTURE(s);
        CHECK_FALSE(net::is_final_refusal(s));
    }
}
