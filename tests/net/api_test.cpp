// Tests net/api: what one end writes, the other end's reader takes, for every body of the county
// API — the kiosk's request, evaluation and benefit query read by the county's parsers, and the
// county's answers read by the kiosk's — and the examples of net/API.md read as written there.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/api.hpp"

namespace api = net::api;
using nlohmann::json;

namespace {

// Through the wire: written, sent as text, parsed again.
json wire(const json& body) {
    return json::parse(body.dump());
}

api::RequestSubmission kiosk_request() {
    return {.idempotency_key = "5f0c8e1a4b1d4a579d1e2b7f6a3c9e10",
            .kiosk_id = "kiosk-001",
            .local_no = "A-20261122-0007",
            .item = "linshi",
            .service = "材料审核",
            .id_number = "11010519491231002X",
            .phone = "13800000000",
            .missing_materials = {"医院的诊断证明", "户口本"},
            .submitted_at = "2026-11-22T10:15:00+08:00"};
}

}  // namespace

TEST_CASE("a request the kiosk writes is read back whole by the county's parser") {
    const api::RequestSubmission sent = kiosk_request();
    const auto read = api::parse_request_submission(wire(api::to_json(sent)));
    REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error()));
    CHECK(*read == sent);

    // No phone and nothing missing are a request too.
    api::RequestSubmission bare = sent;
    bare.phone.clear();
    bare.missing_materials.clear();
    CHECK(api::parse_request_submission(wire(api::to_json(bare))) == bare);
}

TEST_CASE("the county's parser names the field that is wrong") {
    const json good = api::to_json(kiosk_request());
    auto error_of = [](const json& body) {
        const auto read = api::parse_request_submission(body);
        REQUIRE_FALSE(read.has_value());
        return read.error();
    };
    for (const char* field : {"idempotency_key", "kiosk_id", "local_no", "item", "service",
                              "id_number", "phone", "missing_materials", "submitted_at"}) {
        CAPTURE(field);
        json body = good;
        body.erase(field);
        CHECK(error_of(body) == std::string(field) + ": missing");
    }
    json body = good;
    body["item"] = "foo";
    CHECK(error_of(body) == "item: unknown item \"foo\"");
    body = good;
    body["phone"] = "call me";
    CHECK(error_of(body).rfind("phone:", 0) == 0);
    body = good;
    body["submitted_at"] = "2026-11-22 10:15:00";
    CHECK(error_of(body).rfind("submitted_at:", 0) == 0);
    body = good;
    body["missing_materials"] = {"户口本", ""};
    CHECK(error_of(body).rfind("missing_materials:", 0) == 0);
    body = good;
    body["service"] = std::string(201, 'x');
    CHECK(error_of(body) == "service: longer than 200 bytes");
    CHECK(error_of(json::array()) == "body: must be a JSON object");
    // Fields the county does not know are ignored.
    body = good;
    body["extra"] = 1;
    CHECK(api::parse_request_submission(body).has_value());
}

TEST_CASE("the county's answer to a request is read by the kiosk") {
    const api::RequestAnswer sent{"C-000123", "received", "2026-11-22T10:15:02+08:00"};
    CHECK(api::parse_request_answer(wire(api::to_json(sent))) == sent);
    // Only the case number matters to the kiosk.
    CHECK(api::parse_request_answer(json{{"case_no", "C-1"}})->case_no == "C-1");
    CHECK_FALSE(api::parse_request_answer(json{{"case_no", 5}}).has_value());
    CHECK_FALSE(api::parse_request_answer(json::array({"C-1"})).has_value());
}

TEST_CASE("a page of replies the county writes is read by the kiosk, bad entries are skipped") {
    api::RepliesPage sent;
    sent.replies = {
        {17, "C-000123", "5f0c", "accepted", "已受理，材料齐全。", "2026-11-22T11:00:00+08:00"},
        {18, "C-000123", "5f0c", "done", "已发放临时救助金。", "2026-11-23T09:00:00+08:00"}};
    sent.next = 18;
    CHECK(api::parse_replies_page(wire(api::to_json(sent))) == sent);
    CHECK(api::to_json(api::RepliesPage{.replies = {}, .next = 4}) ==
          json{{"replies", json::array()}, {"next", 4}});

    const auto mixed = api::parse_replies_page(json::parse(
        R"({"replies": [42, {"cursor": 3, "case_no": "C-9"}, {"case_no": 7}], "next": 4})"));
    REQUIRE(mixed.has_value());
    CHECK(mixed->unreadable == 1);
    REQUIRE(mixed->replies.size() == 2);
    CHECK(mixed->replies[0].case_no == "C-9");
    CHECK(mixed->replies[0].state == "");
    CHECK(mixed->replies[1].case_no == "");
    CHECK(mixed->next == 4);
    CHECK_FALSE(api::parse_replies_page(json::parse(R"({"replies": 5, "next": 0})")));
    CHECK_FALSE(api::parse_replies_page(json::parse(R"({"replies": []})")));
}

TEST_CASE("an evaluation the kiosk writes is read by the county, and its answer by the kiosk") {
    for (const auto rating : api::kRatings) {
        const api::Evaluation sent{"eval-1", std::string(rating)};
        CHECK(api::parse_evaluation(wire(api::to_json(sent))) == sent);
        const api::EvaluationAnswer answer{"C-000123", std::string(rating)};
        CHECK(api::parse_evaluation_answer(wire(api::to_json(answer))) == answer);
    }
    CHECK(api::parse_evaluation(json{{"idempotency_key", "k"}, {"rating", "great"}}).error() ==
          "rating: unknown rating \"great\"");
    CHECK(api::parse_evaluation(json{{"rating", "satisfied"}}).error() ==
          "idempotency_key: missing");
}

TEST_CASE("a benefit query the kiosk writes is read by the county, consent must be true") {
    const api::BenefitQuery sent{"990102195803120015", true};
    CHECK(api::parse_benefit_query(wire(api::to_json(sent))) == sent);
    CHECK_FALSE(api::parse_benefit_query(wire(api::to_json(api::BenefitQuery{sent.id_number}))));
    CHECK_FALSE(api::parse_benefit_query(json{{"id_number", sent.id_number}, {"consent", "true"}}));
    CHECK_FALSE(api::parse_benefit_query(json{{"consent", true}}));
}

TEST_CASE("the benefits the county writes are read whole by the kiosk") {
    const std::vector<api::Benefit> sent = {
        {"dibao", "800.00", "2024-03-01", 10, "active", "", "", "2026-11-10", "800.00",
         "2027-03-01"},
        {"dibao", "550.50", "2022-09-01", 10, "stopped", "2026-06-30", "家庭收入已超过低保标准",
         "2026-06-10", "550.50", ""}};
    CHECK(api::parse_benefits_answer(wire(api::benefits_to_json(sent))) == sent);
    CHECK(api::parse_benefits_answer(wire(api::benefits_to_json({})))->empty());

    // Optional fields may be left out; required ones may not, nor may a field have another type.
    const auto sparse = api::parse_benefits_answer(json::parse(
        R"({"benefits": [{"item": "tekun", "amount_yuan": "1000.00", "start_date": "2023-07-01",
                          "pay_day": 15, "status": "active"}]})"));
    REQUIRE(sparse.has_value());
    CHECK(sparse->front().next_review == "");
    CHECK(api::parse_benefits_answer(json::parse(R"({"benefits": [{"item": "tekun"}]})")).error() ==
          "benefits[0]: amount_yuan: missing");
    CHECK_FALSE(api::parse_benefits_answer(json::parse(
        R"({"benefits": [{"item": "tekun", "amount_yuan": "1", "start_date": "2023-07-01",
                          "pay_day": "15", "status": "active"}]})")));
    CHECK_FALSE(api::parse_benefits_answer(json::parse(R"({"benefit": []})")));
}

namespace {

api::Heartbeat kiosk_heartbeat() {
    return {.kiosk_id = "kiosk-001",
            .software_version = "1.4.0",
            .content_version = 41,
            .content_expires = "2027-03-31",
            .content_expired = false,
            .printer_state = "paper_out",
            .paper_left_percent = 0,
            .outbox_depth = 2,
            .last_sync = "2026-11-22T10:14:00+08:00",
            .last_error = "连接县里失败",
            .sent_at = "2026-11-22T10:15:00+08:00"};
}

}  // namespace

TEST_CASE("a heartbeat the kiosk writes is read back whole by the county's parser") {
    const api::Heartbeat sent = kiosk_heartbeat();
    CHECK(api::parse_heartbeat(wire(api::to_json(sent))) == sent);
    // Before the first sync, with no content, no end date and no paper estimate.
    api::Heartbeat fresh = sent;
    fresh.content_version = 0;
    fresh.content_expires.clear();
    fresh.paper_left_percent.reset();
    fresh.last_sync.clear();
    fresh.last_error.clear();
    CHECK(api::to_json(fresh)["paper_left_percent"].is_null());
    CHECK(api::parse_heartbeat(wire(api::to_json(fresh))) == fresh);
    json left_out = api::to_json(fresh);
    left_out.erase("paper_left_percent");
    CHECK(api::parse_heartbeat(left_out) == fresh);
    // Fields the county does not know are ignored.
    json extra = api::to_json(sent);
    extra["uptime_s"] = 3600;
    CHECK(api::parse_heartbeat(extra) == sent);
}

TEST_CASE("the county's heartbeat parser names the field that is wrong") {
    const json good = api::to_json(kiosk_heartbeat());
    auto error_of = [](const json& body) {
        const auto read = api::parse_heartbeat(body);
        REQUIRE_FALSE(read.has_value());
        return read.error();
    };
    for (const char* field :
         {"kiosk_id", "software_version", "content_version", "content_expires", "content_expired",
          "printer_state", "outbox_depth", "last_sync", "last_error", "sent_at"}) {
        CAPTURE(field);
        json body = good;
        body.erase(field);
        CHECK(error_of(body) == std::string(field) + ": missing");
    }
    auto with = [&](const char* field, const json& value) {
        json body = good;
        body[field] = value;
        return error_of(body);
    };
    CHECK(with("kiosk_id", "") == "kiosk_id: empty");
    CHECK(with("kiosk_id", std::string(65, 'k')) == "kiosk_id: longer than 64 bytes");
    CHECK(with("software_version", 14) == "software_version: must be a string");
    CHECK(with("content_version", -1) == "content_version: must be a whole number at least 0");
    CHECK(with("content_version", "41") == "content_version: must be a whole number");
    CHECK(with("content_version", 4.5) == "content_version: must be a whole number");
    CHECK(with("content_version", json(std::uint64_t{1} << 63)).rfind("content_version:", 0) == 0);
    CHECK(with("content_expires", "2027-02-30") == "content_expires: not a date YYYY-MM-DD");
    CHECK(with("content_expires", "31.03.2027") == "content_expires: not a date YYYY-MM-DD");
    CHECK(with("content_expired", "no") == "content_expired: must be true or false");
    CHECK(with("printer_state", "") == "printer_state: empty");
    CHECK(with("printer_state", "paper out").rfind("printer_state: only", 0) == 0);
    CHECK(with("printer_state", std::string(33, 'x')) == "printer_state: longer than 32 bytes");
    CHECK(with("paper_left_percent", 101) ==
          "paper_left_percent: must be a whole number between 0 and 100");
    CHECK(with("paper_left_percent", -1) ==
          "paper_left_percent: must be a whole number between 0 and 100");
    CHECK(with("paper_left_percent", "50%") == "paper_left_percent: must be a whole number");
    CHECK(with("outbox_depth", -3) == "outbox_depth: must be a whole number at least 0");
    CHECK(with("last_sync", "yesterday") == "last_sync: not an RFC 3339 time with offset");
    CHECK(with("last_error", "line\nbreak") ==
          "last_error: must be one line without control characters");
    CHECK(with("last_error", std::string(api::kMaxLastError + 1, 'e')) ==
          "last_error: longer than 300 bytes");
    CHECK(with("sent_at", "") == "sent_at: empty");
    CHECK(with("sent_at", "2026-11-22 10:15") == "sent_at: not an RFC 3339 time with offset");
    CHECK(error_of(json::array()) == "body: must be a JSON object");
}

TEST_CASE("heartbeat_error_line makes any text a line the parser takes") {
    CHECK(api::heartbeat_error_line("sync: timeout") == "sync: timeout");
    CHECK(api::heartbeat_error_line("a\nb\tc\x7f") == "a b c ");
    CHECK(api::heartbeat_error_line("bad \xff byte") == "bad \xEF\xBF\xBD byte");
    // Cut at a character's boundary: 101 three-byte characters are 303 bytes.
    std::string chinese;
    for (int i = 0; i < 101; ++i) chinese += "错";
    const std::string cut = api::heartbeat_error_line(chinese);
    CHECK(cut.size() == 300);
    CHECK(cut == chinese.substr(0, 300));
    const std::string ascii = api::heartbeat_error_line(std::string(400, 'e') + "\n");
    CHECK(ascii == std::string(300, 'e'));
    api::Heartbeat h = kiosk_heartbeat();
    h.last_error = api::heartbeat_error_line(std::string("\xc3") + chinese + "\r\n");
    CHECK(api::parse_heartbeat(wire(api::to_json(h))) == h);
}

TEST_CASE("the county's answer to a heartbeat is read by the kiosk, with or without a hint") {
    const api::HeartbeatReply hint{42};
    CHECK(api::to_json(hint) == json{{"content_version", 42}});
    CHECK(api::parse_heartbeat_reply(wire(api::to_json(hint))) == hint);
    const api::HeartbeatReply none{};
    CHECK(api::to_json(none) == json{{"content_version", nullptr}});
    CHECK(api::parse_heartbeat_reply(wire(api::to_json(none))) == none);
    CHECK(api::parse_heartbeat_reply(json::object()) == none);
    CHECK(api::parse_heartbeat_reply(json{{"content_version", "42"}}).error() ==
          "content_version: must be a whole number");
    CHECK(api::parse_heartbeat_reply(json{{"content_version", -2}}).error() ==
          "content_version: must be a whole number at least 0");
    CHECK_FALSE(api::parse_heartbeat_reply(json::array()).has_value());
}

TEST_CASE("error bodies carry the code API.md gives the status") {
    CHECK(api::error_code_for(400) == "bad_request");
    CHECK(api::error_code_for(401) == "unauthorized");
    CHECK(api::error_code_for(404) == "not_found");
    CHECK(api::error_code_for(409) == "conflict");
    CHECK(api::error_code_for(413) == "too_large");
    CHECK(api::error_code_for(500) == "internal");
    CHECK(api::error_code_for(503) == "unavailable");
    const api::ErrorBody sent{"bad_request", "item: unknown item \"foo\""};
    CHECK(api::parse_error_body(wire(api::to_json(sent))) == sent);
    CHECK_FALSE(api::parse_error_body(json::parse("<html>", nullptr, false)));
    CHECK_FALSE(api::parse_error_body(json{{"error", "oops"}}));
}

TEST_CASE("the examples of net/API.md are read as written there") {
    const auto request = api::parse_request_submission(json::parse(R"({
      "idempotency_key": "5f0c8e1a-4b1d-4a57-9d1e-2b7f6a3c9e10",
      "kiosk_id": "kiosk-001",
      "local_no": "A-20261122-0007",
      "item": "linshi",
      "service": "材料审核",
      "id_number": "11010519491231002X",
      "phone": "13800000000",
      "missing_materials": ["医院的诊断证明"],
      "submitted_at": "2026-11-22T10:15:00+08:00"
    })"));
    REQUIRE_MESSAGE(request.has_value(), (request ? "" : request.error()));
    CHECK(wire(api::to_json(*request)) ==
          json::parse(R"({"idempotency_key": "5f0c8e1a-4b1d-4a57-9d1e-2b7f6a3c9e10",
                          "kiosk_id": "kiosk-001", "local_no": "A-20261122-0007",
                          "item": "linshi", "service": "材料审核",
                          "id_number": "11010519491231002X", "phone": "13800000000",
                          "missing_materials": ["医院的诊断证明"],
                          "submitted_at": "2026-11-22T10:15:00+08:00"})"));
    const json answer = json::parse(
        R"({"case_no": "C-000123", "state": "received", "received_at": "2026-11-22T10:15:02+08:00"})");
    CHECK(api::to_json(*api::parse_request_answer(answer)) == answer);
    const json replies = json::parse(R"({"replies": [
       {"cursor": 17, "case_no": "C-000123", "idempotency_key": "5f0c…", "state": "accepted",
        "text": "已受理，材料齐全。", "replied_at": "2026-11-22T11:00:00+08:00"}
     ], "next": 17})");
    CHECK(api::to_json(*api::parse_replies_page(replies)) == replies);
    const json benefits = json::parse(R"({"benefits": [
       {"item": "dibao", "amount_yuan": "800.00", "start_date": "2024-03-01", "pay_day": 10,
        "status": "active", "stop_date": "", "stop_reason": "", "last_payment_date": "2026-11-10",
        "last_payment_yuan": "800.00", "next_review": "2027-03-01"}
     ]})");
    CHECK(api::benefits_to_json(*api::parse_benefits_answer(benefits)) == benefits);
    const json query = json::parse(R"({"id_number": "990102195803120015", "consent": true})");
    CHECK(api::to_json(*api::parse_benefit_query(query)) == query);
    const json evaluation = json::parse(R"({"idempotency_key": "k", "rating": "satisfied"})");
    CHECK(api::to_json(*api::parse_evaluation(evaluation)) == evaluation);
}
