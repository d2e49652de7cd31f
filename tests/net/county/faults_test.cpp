// Tests net/county/faults: 503s, answers lost with their connection (before or after storing)
// and slowness, and that a client retrying with its idempotency key still stores each request
// once.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "county_test_support.hpp"
#include "net/county/faults.hpp"

using namespace county_test;

TEST_CASE("fail_rate 1 answers 503 unavailable with the error body and stores nothing") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db", 1.0);
    httplib::Client client(server->url());
    expect_error(deliver(client, sample_request("k")), 503, "unavailable");
    expect_error(client.Get("/api/v1/health", kiosk_headers()), 503, "unavailable");
    CHECK(stored_count(dir.path / "county.db") == 0);
}

TEST_CASE("drop_rate 1 loses every answer, some POSTs were stored, and a retry makes exactly one") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    {
        auto server = start_server(db, 0, 1.0);
        httplib::Client client(server->url());
        auto health = client.Get("/api/v1/health", kiosk_headers());
        CHECK_FALSE(health);
        CHECK(health.error() != httplib::Error::Success);

        // The drop comes before or after storing, at random: over 20 requests both happen.
        for (int i = 0; i < 20; ++i) {
            auto res = deliver(client, sample_request("spread-" + std::to_string(i)));
            CHECK_FALSE(res);
        }
        const std::size_t stored = stored_count(db);
        CHECK(stored > 0);
        CHECK(stored < 20);

        // The same request, five times, every answer lost: stored at most once.
        for (int i = 0; i < 5; ++i) CHECK_FALSE(deliver(client, sample_request("retried")));
        auto all = county::list_requests(db);
        REQUIRE(all.has_value());
        CHECK(std::count_if(all->begin(), all->end(), [](const county::ReceivedRequest& r) {
                  return r.idempotency_key == "retried";
              }) <= 1);
    }
    // The county is reachable again: the retry yields one stored request with one case number.
    auto server = start_server(db);
    httplib::Client client(server->url());
    auto before = county::list_requests(db);
    REQUIRE(before.has_value());
    auto res = deliver(client, sample_request("retried"));
    REQUIRE(res);
    CHECK((res->status == 200 || res->status == 201));
    auto after = county::list_requests(db);
    REQUIRE(after.has_value());
    std::vector<county::ReceivedRequest> matching;
    for (const auto& r : *after) {
        if (r.idempotency_key == "retried") matching.push_back(r);
    }
    REQUIRE(matching.size() == 1);
    CHECK(body_of(res)["case_no"] == matching.front().case_no);
    CHECK(res->status == (after->size() == before->size() ? 200 : 201));
}

TEST_CASE("with half the answers lost, a client retrying with its key stores each request once") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    auto server = start_server(db, 0.2, 0.5);
    httplib::Client client(server->url());
    std::vector<std::string> cases;
    int lost = 0, unavailable = 0;
    for (int i = 0; i < 10; ++i) {
        const json body = sample_request("kiosk-key-" + std::to_string(i));
        for (int attempt = 0;; ++attempt) {
            REQUIRE(attempt < 100);
            auto res = deliver(client, body);
            if (!res) {
                ++lost;
                continue;
            }
            if (res->status == 503) {
                ++unavailable;
                continue;
            }
            REQUIRE((res->status == 200 || res->status == 201));
            cases.push_back(body_of(res)["case_no"].get<std::string>());
            break;
        }
    }
    CHECK(lost > 0);
    CHECK(unavailable > 0);
    auto stored = county::list_requests(db);
    REQUIRE(stored.has_value());
    REQUIRE(stored->size() == 10);
    for (std::size_t i = 0; i < 10; ++i) {
        CHECK((*stored)[i].idempotency_key == "kiosk-key-" + std::to_string(i));
        CHECK((*stored)[i].case_no == cases[i]);
    }
}

TEST_CASE("delay_ms holds each answer back") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db", 0, 0, 150);
    httplib::Client client(server->url());
    const auto start = std::chrono::steady_clock::now();
    auto res = client.Get("/api/v1/health", kiosk_headers());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(elapsed >= std::chrono::milliseconds(150));
}
TEST_CASE("the injected faults are repeatable by their seed and follow their rates") {
    const county::FaultSettings settings{
        .fail_rate = 0.3, .drop_rate = 0.3, .delay_ms = 0, .seed = 7};
    county::FaultInjector first(settings), second(settings);
    int fails = 0, drops = 0;
    for (int i = 0; i < 1000; ++i) {
        const county::Fault fault = first.next();
        CHECK(fault == second.next());
        fails += fault == county::Fault::fail;
        drops += fault == county::Fault::drop_before || fault == county::Fault::drop_after;
    }
    CHECK(drops > 200);
    CHECK(drops < 400);
    CHECK(fails > 100);  // 0.3 of the 0.7 not dropped
    CHECK(fails < 300);

    county::FaultInjector none(county::FaultSettings{});
    for (int i = 0; i < 100; ++i) CHECK(none.next() == county::Fault::none);
}
