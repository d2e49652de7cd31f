// Tests net/county/routes: the county API over HTTP, driven with httplib::Client as a kiosk would —
// exactly-once delivery by the idempotency key, validation and its error bodies, authentication,
// the body limit, replies per kiosk and evaluations.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "county_test_support.hpp"

using namespace county_test;

TEST_CASE("health answers ok and version 1 as JSON") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    CHECK(server->port() > 0);
    CHECK(server->url() == "http://127.0.0.1:" + std::to_string(server->port()));
    httplib::Client client(server->url());
    auto res = client.Get("/api/v1/health", kiosk_headers());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(body_of(res) == json{{"ok", true}, {"version", 1}});
}

TEST_CASE_FIXTURE(
    TestCounty,
    "a new request gets 201 and a case number, the same key again gets 200 and the same") {
    auto first = deliver(client, sample_request("key-1"));
    REQUIRE(first);
    CHECK(first->status == 201);
    const json created = body_of(first);
    CHECK(created["case_no"] == "C-000001");
    CHECK(created["state"] == "received");
    CHECK(created["received_at"].get<std::string>().size() == 25);  // 2026-11-22T10:15:02+08:00

    // Keys in another order and other whitespace are the same body.
    auto again = client.Post("/api/v1/requests", kiosk_headers(), sample_request("key-1").dump(4),
                             "application/json");
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(body_of(again) == created);

    auto second = deliver(client, sample_request("key-2"));
    REQUIRE(second);
    CHECK(second->status == 201);
    CHECK(body_of(second)["case_no"] == "C-000002");
    CHECK(stored_count(db) == 2);
}

TEST_CASE_FIXTURE(TestCounty,
                  "the same key with a different body is 409 conflict, and nothing changes") {
    REQUIRE(deliver(client, sample_request("key-1"))->status == 201);
    json changed = sample_request("key-1");
    changed["item"] = "dibao";
    const std::string message = expect_error(deliver(client, changed), 409, "conflict");
    CHECK(message.find("C-000001") != std::string::npos);
    auto stored = county::list_requests(db);
    REQUIRE(stored.has_value());
    REQUIRE(stored->size() == 1);
    CHECK(stored->front().item == "linshi");
}

TEST_CASE_FIXTURE(TestCounty,
                  "bodies that are not a valid request are 400 bad_request with the error body") {
    auto raw = [&](const std::string& body, const std::string& type = "application/json") {
        return client.Post("/api/v1/requests", kiosk_headers(), body, type.c_str());
    };

    SUBCASE("not JSON") {
        expect_error(raw("{\"idempotency_key\": "), 400, "bad_request");
    }
    SUBCASE("not an object") {
        expect_error(raw("[1, 2]"), 400, "bad_request");
    }
    SUBCASE("not JSON by its content type") {
        expect_error(raw(sample_request("k").dump(), "text/plain"), 400, "bad_request");
    }
    SUBCASE("each field missing") {
        for (const char* field : {"idempotency_key", "kiosk_id", "local_no", "item", "service",
                                  "id_number", "phone", "missing_materials", "submitted_at"}) {
            CAPTURE(field);
            json body = sample_request("k");
            body.erase(field);
            const std::string message = expect_error(deliver(client, body), 400, "bad_request");
            CHECK(message == std::string(field) + ": missing");
        }
    }
    SUBCASE("a field of the wrong type") {
        json body = sample_request("k");
        body["missing_materials"] = "医院的诊断证明";
        expect_error(deliver(client, body), 400, "bad_request");
        body = sample_request("k");
        body["phone"] = 13800000000;
        expect_error(deliver(client, body), 400, "bad_request");
    }
    SUBCASE("an unknown item") {
        json body = sample_request("k");
        body["item"] = "foo";
        CHECK(expect_error(deliver(client, body), 400, "bad_request") ==
              "item: unknown item \"foo\"");
    }
    SUBCASE("an ID number whose check character is wrong") {
        json body = sample_request("k");
        body["id_number"] = "110105194912310021";
        const std::string message = expect_error(deliver(client, body), 400, "bad_request");
        CHECK(message.rfind("id_number:", 0) == 0);
    }
    SUBCASE("a time without an offset") {
        json body = sample_request("k");
        body["submitted_at"] = "2026-11-22 10:15:00";
        expect_error(deliver(client, body), 400, "bad_request");
    }
    SUBCASE("a kiosk_id that is not the X-Kiosk-Id") {
        expect_error(deliver(client, sample_request("k", "kiosk-002")), 400, "bad_request");
    }
    SUBCASE("no X-Kiosk-Id") {
        auto res = client.Post("/api/v1/requests",
                               httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}},
                               sample_request("k").dump(), "application/json");
        expect_error(res, 400, "bad_request");
    }
    // Nothing refused is stored.
    CHECK(stored_count(db) == 0);
}

TEST_CASE_FIXTURE(TestCounty, "every item of API.md's list is taken") {
    int n = 0;
    for (const char* item : {"dibao", "tekun", "dibao_bianyuan", "gangxing", "linshi", "yiliao",
                             "jiaoyu", "zhufang", "jiuye", "shouzai"}) {
        CAPTURE(item);
        json body = sample_request("k" + std::to_string(n++));
        body["item"] = item;
        auto res = deliver(client, body);
        REQUIRE(res);
        CHECK(res->status == 201);
    }
    CHECK(stored_count(db) == 10);
}

TEST_CASE_FIXTURE(
    TestCounty,
    "a missing or wrong token is 401 unauthorized, without a configured token none is asked") {
    auto wrong = client.Post("/api/v1/requests", kiosk_headers("kiosk-001", "not-the-token"),
                             sample_request("k").dump(), "application/json");
    expect_error(wrong, 401, "unauthorized");
    auto missing = client.Post("/api/v1/requests", kiosk_headers("kiosk-001", ""),
                               sample_request("k").dump(), "application/json");
    expect_error(missing, 401, "unauthorized");
    expect_error(client.Get("/api/v1/replies?since=0", kiosk_headers("kiosk-001", "nope")), 401,
                 "unauthorized");
    expect_error(client.Get("/api/v1/health"), 401, "unauthorized");
    CHECK(stored_count(db) == 0);

    TempDir open_dir;
    auto demo = start_server(open_dir.path / "county.db", 0, 0, 0, "");
    httplib::Client demo_client(demo->url());
    auto res = demo_client.Post("/api/v1/requests", kiosk_headers("kiosk-001", ""),
                                sample_request("k").dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 201);
}

TEST_CASE_FIXTURE(TestCounty, "a body over 1 MiB is 413 too_large, 1 MiB itself is read") {
    json body = sample_request("k");
    body["service"] = "";
    const std::size_t base_size = body.dump().size();
    body["service"] = std::string((std::size_t{1} << 20) - base_size + 1, 'x');
    REQUIRE(body.dump().size() == (std::size_t{1} << 20) + 1);
    expect_error(deliver(client, body), 413, "too_large");

    // At the limit the body is read and judged on its content (service is too long to store).
    body["service"] = std::string((std::size_t{1} << 20) - base_size, 'x');
    expect_error(deliver(client, body), 400, "bad_request");
    CHECK(stored_count(db) == 0);
}

TEST_CASE_FIXTURE(TestCounty, "an unknown endpoint is 404 not_found with the error body") {
    expect_error(client.Get("/api/v1/nothing", kiosk_headers()), 404, "not_found");
}

TEST_CASE_FIXTURE(TestCounty,
                  "replies are listed per kiosk since a cursor, and the cursor advances") {
    REQUIRE(deliver(client, sample_request("key-a", "kiosk-001"), "kiosk-001")->status == 201);
    REQUIRE(deliver(client, sample_request("key-b", "kiosk-002"), "kiosk-002")->status == 201);

    json none = replies_since(client, 0, "kiosk-001");
    CHECK(none["replies"].empty());
    CHECK(none["next"] == 0);

    REQUIRE(county::post_reply(db, "C-000001", "accepted", "已受理，材料齐全。").has_value());
    json first = replies_since(client, 0, "kiosk-001");
    REQUIRE(first["replies"].size() == 1);
    const json& reply = first["replies"][0];
    CHECK(reply["case_no"] == "C-000001");
    CHECK(reply["idempotency_key"] == "key-a");
    CHECK(reply["state"] == "accepted");
    CHECK(reply["text"] == "已受理，材料齐全。");
    CHECK(reply["replied_at"].get<std::string>().size() == 25);
    const std::int64_t cursor = reply["cursor"].get<std::int64_t>();
    CHECK(first["next"] == cursor);

    // The other kiosk sees nothing of it.
    CHECK(replies_since(client, 0, "kiosk-002")["replies"].empty());

    // Since the cursor: nothing new, and next stays.
    json after = replies_since(client, cursor, "kiosk-001");
    CHECK(after["replies"].empty());
    CHECK(after["next"] == cursor);

    REQUIRE(county::post_reply(db, "C-000002", "in_progress", "").has_value());
    REQUIRE(county::post_reply(db, "C-000001", "in_progress", "正在办理").has_value());
    REQUIRE(county::post_reply(db, "C-000001", "done", "已发放临时救助金。").has_value());
    json more = replies_since(client, cursor, "kiosk-001");
    REQUIRE(more["replies"].size() == 2);
    CHECK(more["replies"][0]["state"] == "in_progress");
    CHECK(more["replies"][1]["state"] == "done");
    CHECK(more["replies"][0]["cursor"].get<std::int64_t>() > cursor);
    CHECK(more["next"] == more["replies"][1]["cursor"]);

    json theirs = replies_since(client, 0, "kiosk-002");
    REQUIRE(theirs["replies"].size() == 1);
    CHECK(theirs["replies"][0]["case_no"] == "C-000002");

    // limit pages; a limit over 200 is taken as 200.
    json page = replies_since(client, 0, "kiosk-001", "&limit=2");
    REQUIRE(page["replies"].size() == 2);
    json rest = replies_since(client, page["next"].get<std::int64_t>(), "kiosk-001", "&limit=2");
    REQUIRE(rest["replies"].size() == 1);
    CHECK(rest["replies"][0]["state"] == "done");
    CHECK(replies_since(client, 0, "kiosk-001", "&limit=1000")["replies"].size() == 3);

    expect_error(client.Get("/api/v1/replies?since=abc", kiosk_headers()), 400, "bad_request");
    expect_error(client.Get("/api/v1/replies?since=-1", kiosk_headers()), 400, "bad_request");
    expect_error(client.Get("/api/v1/replies?since=0&limit=0", kiosk_headers()), 400,
                 "bad_request");
    expect_error(client.Get("/api/v1/replies?since=0",
                            httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}}),
                 400, "bad_request");
}

TEST_CASE_FIXTURE(TestCounty, "an evaluation before done is 409, after done 200, once") {
    REQUIRE(deliver(client, sample_request("k"))->status == 201);
    const std::string path = "/api/v1/requests/C-000001/evaluation";
    const json evaluation = {{"idempotency_key", "eval-1"}, {"rating", "satisfied"}};

    expect_error(post_json(client, path, evaluation), 409, "conflict");
    REQUIRE(county::post_reply(db, "C-000001", "accepted", "").has_value());
    expect_error(post_json(client, path, evaluation), 409, "conflict");

    json bad = evaluation;
    bad["rating"] = "great";
    expect_error(post_json(client, path, bad), 400, "bad_request");
    expect_error(post_json(client, path, json{{"rating", "satisfied"}}), 400, "bad_request");
    expect_error(post_json(client, "/api/v1/requests/C-000042/evaluation", evaluation), 404,
                 "not_found");

    REQUIRE(county::post_reply(db, "C-000001", "done", "已办结").has_value());
    // Another kiosk cannot evaluate this kiosk's case.
    expect_error(post_json(client, path, evaluation, "kiosk-002"), 404, "not_found");

    auto done = post_json(client, path, evaluation);
    REQUIRE(done);
    CHECK(done->status == 200);
    CHECK(body_of(done) == json{{"case_no", "C-000001"}, {"rating", "satisfied"}});
    // The same evaluation again (its answer was lost): the same answer.
    auto retry = post_json(client, path, evaluation);
    REQUIRE(retry);
    CHECK(retry->status == 200);
    CHECK(body_of(retry) == body_of(done));
    // A different one: the case was evaluated already.
    expect_error(
        post_json(client, path, json{{"idempotency_key", "eval-2"}, {"rating", "dissatisfied"}}),
        409, "conflict");

    auto stored = county::list_requests(db);
    REQUIRE(stored.has_value());
    CHECK(stored->front().state == "done");
    CHECK(stored->front().rating == "satisfied");
}

TEST_CASE("the same request from many connections at once is stored once") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    auto server = start_server(db);
    constexpr int kThreads = 8;
    std::vector<int> statuses(kThreads);
    std::vector<std::string> cases(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            httplib::Client client(server->url());
            auto res = deliver(client, sample_request("same"));
            if (!res) return;
            statuses[static_cast<std::size_t>(t)] = res->status;
            cases[static_cast<std::size_t>(t)] = json::parse(res->body).value("case_no", "");
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
    CHECK(std::count(statuses.begin(), statuses.end(), 200) == kThreads - 1);
    CHECK(std::set<std::string>(cases.begin(), cases.end()) == std::set<std::string>{"C-000001"});
    CHECK(stored_count(db) == 1);
}
