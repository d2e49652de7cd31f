// Tests net/county/benefits and POST /api/v1/benefits/query: every field as of the county's today,
// stopped benefits, the edges of the last payment and the next review, no record, refusals, and a
// log without the full ID number.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "county_test_support.hpp"

using namespace county_test;

TEST_CASE("import_benefits imports the CSV and the query answers with every field") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    import_csv(db, sample_csv(), "imported 3 benefits for 3 residents");
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());

    const json a = benefits_of(client, kResidentA);
    REQUIRE(a.size() == 1);
    CHECK(a[0] == json{{"item", "dibao"},
                       {"amount_yuan", "600.00"},
                       {"start_date", "2024-03-01"},
                       {"pay_day", 10},
                       {"status", "active"},
                       {"stop_date", ""},
                       {"stop_reason", ""},
                       {"last_payment_date", "2026-11-10"},
                       {"last_payment_yuan", "600.00"},
                       {"next_review", "2027-03-01"}});

    // Paid by the 15th: on the 22nd the 15th of this month was the last; amounts get two decimals.
    const json b = benefits_of(client, kResidentB);
    REQUIRE(b.size() == 1);
    const json paid = {{"item", "tekun"},
                       {"amount_yuan", "1000.00"},
                       {"last_payment_date", "2026-11-15"},
                       {"last_payment_yuan", "1000.00"},
                       {"next_review", "2027-07-01"}};
    CHECK(part_of(b[0], paid) == paid);
}

TEST_CASE_FIXTURE(SampleCounty,
                  "a stopped benefit reports its stop and the last payment before the stop") {
    const json c = benefits_of(client, kResidentC);
    REQUIRE(c.size() == 1);
    const json stopped = json::parse(R"({
        "status": "stopped", "amount_yuan": "550.50", "stop_date": "2026-06-30",
        "stop_reason": "家庭收入已超过低保标准", "last_payment_date": "2026-06-10",
        "last_payment_yuan": "550.50", "next_review": ""})");
    CHECK(part_of(c[0], stopped) == stopped);
}

TEST_CASE("last payment and next review at the edges: before the pay day, new, half-yearly") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    const std::string csv =
        std::string(
            "id_number,item,amount_yuan,start_date,pay_day,status,stop_date,stop_reason,"
            "review\n") +
        kResidentA + ",dibao,600.00,2024-08-01,25,active,,,halfyear\n" +  // paid by the 25th
        kResidentA + ",linshi,300,2026-11-15,10,active,,,\n" +            // no pay day yet
        kResidentA + ",tekun,900,2024-08-01,25,active,,,yearly\n" + kResidentA +
        ",yiliao,100,2026-03-12,10,stopped,2026-04-10,,\n";  // stopped on a pay day
    import_csv(db, csv, "imported 4 benefits for 1 residents");
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json a = benefits_of(client, kResidentA);
    REQUIRE(a.size() == 4);
    const json expected[] = {
        {{"last_payment_date", "2026-10-25"}, {"next_review", "2027-02-01"}},
        {{"last_payment_date", ""}, {"last_payment_yuan", ""}, {"next_review", "2027-11-15"}},
        {{"next_review", "2027-08-01"}},
        // The stop day's own payment is not made; the one before (2026-03-10) is before the
        // start.
        {{"last_payment_date", ""}, {"next_review", ""}}};
    for (std::size_t i = 0; i < 4; ++i) CHECK(part_of(a[i], expected[i]) == expected[i]);
}

TEST_CASE_FIXTURE(SampleCounty, "no record is 200 with an empty list") {
    CHECK(benefits_of(client, kNoRecord).empty());

    // A county that never imported anything answers the same.
    TempDir other;
    auto empty = start_benefits_server(other.path / "county.db");
    httplib::Client empty_client(empty->url());
    CHECK(benefits_of(empty_client, kResidentA).empty());
}

TEST_CASE_FIXTURE(SampleCounty,
                  "a benefits query without consent, with a bad ID or a wrong token is refused") {
    expect_error(query_benefits(client, json{{"id_number", kResidentA}}), 400, "bad_request");
    expect_error(query_benefits(client, json{{"id_number", kResidentA}, {"consent", false}}), 400,
                 "bad_request");
    const std::string message =
        expect_error(query_benefits(client, json{{"id_number", kResidentA}, {"consent", "true"}}),
                     400, "bad_request");
    CHECK(message.find("consent") != std::string::npos);

    // The last character changed: the check character fails.
    const std::string bad_message = expect_error(
        query_benefits(client, json{{"id_number", "990102195803120016"}, {"consent", true}}), 400,
        "bad_request");
    CHECK(bad_message.find("id_number") != std::string::npos);
    expect_error(query_benefits(client, json{{"id_number", "12345"}, {"consent", true}}), 400,
                 "bad_request");
    expect_error(query_benefits(client, json{{"consent", true}}), 400, "bad_request");

    expect_error(query_benefits(client, json{{"id_number", kResidentA}, {"consent", true}},
                                kiosk_headers("kiosk-001", "wrong-token")),
                 401, "unauthorized");
    expect_error(query_benefits(client, json{{"id_number", kResidentA}, {"consent", true}},
                                httplib::Headers{{"X-Kiosk-Id", "kiosk-001"}}),
                 401, "unauthorized");
    expect_error(
        query_benefits(client, json{{"id_number", kResidentA}, {"consent", true}},
                       httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}}),
        400, "bad_request");
}

TEST_CASE_FIXTURE(SampleCounty, "a benefits query is logged with the ID number masked") {
    const auto log_path = dir.path / "stderr.log";
    std::fflush(stderr);
    const int saved = dup(STDERR_FILENO);
    REQUIRE(saved >= 0);
    FILE* log = std::fopen(log_path.c_str(), "w");
    REQUIRE(log != nullptr);
    dup2(fileno(log), STDERR_FILENO);
    auto res = query_benefits(client, json{{"id_number", kResidentA}, {"consent", true}});
    std::fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    std::fclose(log);
    REQUIRE(res);
    CHECK(res->status == 200);

    std::ifstream in(log_path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("9901**********0015") != std::string::npos);
    CHECK(text.find(kResidentA) == std::string::npos);
}
TEST_CASE("amounts in yuan are read to the fen and written with two decimals") {
    CHECK(county::parse_yuan("800") == 80000);
    CHECK(county::parse_yuan("800.5") == 80050);
    CHECK(county::parse_yuan("800.05") == 80005);
    CHECK(county::parse_yuan("0.01") == 1);
    CHECK_FALSE(county::parse_yuan("800.005"));
    CHECK_FALSE(county::parse_yuan("-1"));
    CHECK_FALSE(county::parse_yuan("1,000"));
    CHECK_FALSE(county::parse_yuan(""));
    CHECK_FALSE(county::parse_yuan("1234567890"));
    CHECK(county::format_yuan(80050) == "800.50");
    CHECK(county::format_yuan(5) == "0.05");
}

TEST_CASE("benefit_as_of: last payment and next review of a record on a given day") {
    county::BenefitRecord record;
    record.id_number = kResidentA;
    record.item = "dibao";
    record.amount_fen = 60000;
    record.start = {2024, 3, 1};
    record.pay_day = 10;
    record.status = "active";
    record.review = "yearly";

    const auto on_the_day = county::benefit_as_of(record, {2026, 11, 10});
    CHECK(on_the_day.last_payment_date == "2026-11-10");
    CHECK(on_the_day.last_payment_yuan == "600.00");
    CHECK(county::benefit_as_of(record, {2026, 11, 9}).last_payment_date == "2026-10-10");
    // Over the turn of the year.
    CHECK(county::benefit_as_of(record, {2027, 1, 5}).last_payment_date == "2026-12-10");
    CHECK(on_the_day.next_review == "2027-03-01");
    CHECK(county::benefit_as_of(record, {2027, 3, 1}).next_review == "2028-03-01");

    // Started on the 31st, reviewed half-yearly: the month's last day where there is no 31st.
    record.start = {2026, 8, 31};
    record.review = "halfyear";
    CHECK(county::benefit_as_of(record, {2026, 11, 22}).next_review == "2027-02-28");

    record.status = "stopped";
    record.stop = base::Date{2026, 11, 10};
    record.stop_reason = "迁出本县";
    const auto stopped = county::benefit_as_of(record, {2026, 11, 22});
    CHECK(stopped.stop_date == "2026-11-10");
    CHECK(stopped.stop_reason == "迁出本县");
    CHECK(stopped.last_payment_date == "2026-10-10");  // not the stop day's own
    CHECK(stopped.next_review == "");
}
