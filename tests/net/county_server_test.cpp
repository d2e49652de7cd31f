// Tests net/county_server: the reference county server, started in-process on a free port and
// driven over HTTP with httplib::Client as a kiosk would — exactly-once delivery, validation and
// its error bodies, authentication, replies per kiosk, evaluations and the injected faults.
#include <doctest/doctest.h>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "net/county_server.hpp"

namespace {

using net::CountyServer;
using net::CountyServerOptions;
using nlohmann::json;

constexpr const char* kToken = "secret-token";
constexpr const char* kValidId = "11010519491231002X";  // GB 11643's own example

// A fresh directory per test, removed afterwards.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "county-test-XXXXXX");
        path = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

std::unique_ptr<CountyServer> start_server(const std::filesystem::path& db, double fail_rate = 0,
                                           double drop_rate = 0, int delay_ms = 0,
                                           std::string token = kToken) {
    CountyServerOptions options;
    options.db = db;
    options.token = std::move(token);
    options.fail_rate = fail_rate;
    options.drop_rate = drop_rate;
    options.delay_ms = delay_ms;
    auto server = CountyServer::start(options);
    REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error()));
    return std::move(*server);
}

httplib::Headers kiosk_headers(const std::string& kiosk = "kiosk-001",
                               const std::string& token = kToken) {
    httplib::Headers headers{{"X-Kiosk-Id", kiosk}};
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return headers;
}

json sample_request(const std::string& key, const std::string& kiosk = "kiosk-001") {
    return {{"idempotency_key", key},
            {"kiosk_id", kiosk},
            {"local_no", "A-20261122-0007"},
            {"item", "linshi"},
            {"service", "材料审核"},
            {"id_number", kValidId},
            {"phone", "13800000000"},
            {"missing_materials", {"医院的诊断证明"}},
            {"submitted_at", "2026-11-22T10:15:00+08:00"}};
}

httplib::Result post_json(httplib::Client& client, const std::string& path, const json& body,
                          const std::string& kiosk = "kiosk-001") {
    return client.Post(path.c_str(), kiosk_headers(kiosk), body.dump(), "application/json");
}

httplib::Result deliver(httplib::Client& client, const json& body,
                        const std::string& kiosk = "kiosk-001") {
    return post_json(client, "/api/v1/requests", body, kiosk);
}

json body_of(const httplib::Result& res) {
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    return json::parse(res->body);
}

// The error body of API.md, with the code given; the message is returned for further checks.
std::string expect_error(const httplib::Result& res, int status, const std::string& code) {
    REQUIRE(res);
    CHECK(res->status == status);
    const json body = body_of(res);
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"] == code);
    REQUIRE(body["error"]["message"].is_string());
    CHECK(!body["error"]["message"].get<std::string>().empty());
    return body["error"]["message"].get<std::string>();
}

std::size_t stored_count(const std::filesystem::path& db) {
    auto requests = net::list_requests(db);
    REQUIRE(requests.has_value());
    return requests->size();
}

json replies_since(httplib::Client& client, std::int64_t since, const std::string& kiosk,
                   const std::string& extra = "") {
    const std::string path = "/api/v1/replies?since=" + std::to_string(since) + extra;
    auto res = client.Get(path.c_str(), kiosk_headers(kiosk));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return body_of(res);
}

}  // namespace

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

TEST_CASE("a new request gets 201 and a case number, the same key again gets 200 and the same") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    httplib::Client client(server->url());

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
    CHECK(stored_count(dir.path / "county.db") == 2);
}

TEST_CASE("the same key with a different body is 409 conflict, and nothing changes") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    httplib::Client client(server->url());
    REQUIRE(deliver(client, sample_request("key-1"))->status == 201);
    json changed = sample_request("key-1");
    changed["item"] = "dibao";
    const std::string message = expect_error(deliver(client, changed), 409, "conflict");
    CHECK(message.find("C-000001") != std::string::npos);
    auto stored = net::list_requests(dir.path / "county.db");
    REQUIRE(stored.has_value());
    REQUIRE(stored->size() == 1);
    CHECK(stored->front().item == "linshi");
}

TEST_CASE("bodies that are not a valid request are 400 bad_request with the error body") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    httplib::Client client(server->url());
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
    CHECK(stored_count(dir.path / "county.db") == 0);
}

TEST_CASE("every item of API.md's list is taken") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    httplib::Client client(server->url());
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
    CHECK(stored_count(dir.path / "county.db") == 10);
}

TEST_CASE(
    "a missing or wrong token is 401 unauthorized, without a configured token none is asked") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    httplib::Client client(server->url());
    auto wrong = client.Post("/api/v1/requests", kiosk_headers("kiosk-001", "not-the-token"),
                             sample_request("k").dump(), "application/json");
    expect_error(wrong, 401, "unauthorized");
    auto missing = client.Post("/api/v1/requests", kiosk_headers("kiosk-001", ""),
                               sample_request("k").dump(), "application/json");
    expect_error(missing, 401, "unauthorized");
    expect_error(client.Get("/api/v1/replies?since=0", kiosk_headers("kiosk-001", "nope")), 401,
                 "unauthorized");
    expect_error(client.Get("/api/v1/health"), 401, "unauthorized");
    CHECK(stored_count(dir.path / "county.db") == 0);

    TempDir open_dir;
    auto demo = start_server(open_dir.path / "county.db", 0, 0, 0, "");
    httplib::Client demo_client(demo->url());
    auto res = demo_client.Post("/api/v1/requests", kiosk_headers("kiosk-001", ""),
                                sample_request("k").dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 201);
}

TEST_CASE("a body over 1 MiB is 413 too_large, 1 MiB itself is read") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    httplib::Client client(server->url());
    json body = sample_request("k");
    body["service"] = "";
    const std::size_t base_size = body.dump().size();
    body["service"] = std::string((std::size_t{1} << 20) - base_size + 1, 'x');
    REQUIRE(body.dump().size() == (std::size_t{1} << 20) + 1);
    expect_error(deliver(client, body), 413, "too_large");

    // At the limit the body is read and judged on its content (service is too long to store).
    body["service"] = std::string((std::size_t{1} << 20) - base_size, 'x');
    expect_error(deliver(client, body), 400, "bad_request");
    CHECK(stored_count(dir.path / "county.db") == 0);
}

TEST_CASE("an unknown endpoint is 404 not_found with the error body") {
    TempDir dir;
    auto server = start_server(dir.path / "county.db");
    httplib::Client client(server->url());
    expect_error(client.Get("/api/v1/nothing", kiosk_headers()), 404, "not_found");
}

TEST_CASE("replies are listed per kiosk since a cursor, and the cursor advances") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    auto server = start_server(db);
    httplib::Client client(server->url());
    REQUIRE(deliver(client, sample_request("key-a", "kiosk-001"), "kiosk-001")->status == 201);
    REQUIRE(deliver(client, sample_request("key-b", "kiosk-002"), "kiosk-002")->status == 201);

    json none = replies_since(client, 0, "kiosk-001");
    CHECK(none["replies"].empty());
    CHECK(none["next"] == 0);

    REQUIRE(net::post_reply(db, "C-000001", "accepted", "已受理，材料齐全。").has_value());
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

    REQUIRE(net::post_reply(db, "C-000002", "in_progress", "").has_value());
    REQUIRE(net::post_reply(db, "C-000001", "in_progress", "正在办理").has_value());
    REQUIRE(net::post_reply(db, "C-000001", "done", "已发放临时救助金。").has_value());
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

TEST_CASE("post_reply refuses an unknown case or state") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    CHECK_FALSE(net::post_reply(db, "C-000001", "done", "").has_value());  // no database yet
    CHECK_FALSE(net::list_requests(db).has_value());
    auto server = start_server(db);
    httplib::Client client(server->url());
    REQUIRE(deliver(client, sample_request("k"))->status == 201);
    auto unknown_case = net::post_reply(db, "C-000099", "done", "");
    REQUIRE_FALSE(unknown_case.has_value());
    CHECK(unknown_case.error().find("C-000099") != std::string::npos);
    auto bad_state = net::post_reply(db, "C-000001", "finished", "");
    REQUIRE_FALSE(bad_state.has_value());
    CHECK(bad_state.error().find("finished") != std::string::npos);
    CHECK(net::post_reply(db, "C-000001", "terminated", "材料不全，请补齐后再申请。").has_value());
    CHECK(net::list_requests(db)->front().state == "terminated");
}

TEST_CASE("an evaluation before done is 409, after done 200, once") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    auto server = start_server(db);
    httplib::Client client(server->url());
    REQUIRE(deliver(client, sample_request("k"))->status == 201);
    const std::string path = "/api/v1/requests/C-000001/evaluation";
    const json evaluation = {{"idempotency_key", "eval-1"}, {"rating", "satisfied"}};

    expect_error(post_json(client, path, evaluation), 409, "conflict");
    REQUIRE(net::post_reply(db, "C-000001", "accepted", "").has_value());
    expect_error(post_json(client, path, evaluation), 409, "conflict");

    json bad = evaluation;
    bad["rating"] = "great";
    expect_error(post_json(client, path, bad), 400, "bad_request");
    expect_error(post_json(client, path, json{{"rating", "satisfied"}}), 400, "bad_request");
    expect_error(post_json(client, "/api/v1/requests/C-000042/evaluation", evaluation), 404,
                 "not_found");

    REQUIRE(net::post_reply(db, "C-000001", "done", "已办结").has_value());
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

    auto stored = net::list_requests(db);
    REQUIRE(stored.has_value());
    CHECK(stored->front().state == "done");
    CHECK(stored->front().rating == "satisfied");
}

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
        auto all = net::list_requests(db);
        REQUIRE(all.has_value());
        CHECK(std::count_if(all->begin(), all->end(), [](const net::ReceivedRequest& r) {
                  return r.idempotency_key == "retried";
              }) <= 1);
    }
    // The county is reachable again: the retry yields one stored request with one case number.
    auto server = start_server(db);
    httplib::Client client(server->url());
    auto before = net::list_requests(db);
    REQUIRE(before.has_value());
    auto res = deliver(client, sample_request("retried"));
    REQUIRE(res);
    CHECK((res->status == 200 || res->status == 201));
    auto after = net::list_requests(db);
    REQUIRE(after.has_value());
    std::vector<net::ReceivedRequest> matching;
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
    auto stored = net::list_requests(db);
    REQUIRE(stored.has_value());
    REQUIRE(stored->size() == 10);
    for (std::size_t i = 0; i < 10; ++i) {
        CHECK((*stored)[i].idempotency_key == "kiosk-key-" + std::to_string(i));
        CHECK((*stored)[i].case_no == cases[i]);
    }
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

TEST_CASE("list_requests returns what was stored, the full ID number included") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    auto server = start_server(db);
    httplib::Client client(server->url());
    json body = sample_request("5f0c8e1a-4b1d-4a57-9d1e-2b7f6a3c9e10");
    body["missing_materials"] = {"医院的诊断证明", "户口本"};
    auto res = deliver(client, body);
    REQUIRE(res);
    const json answer = body_of(res);

    auto stored = net::list_requests(db);
    REQUIRE(stored.has_value());
    REQUIRE(stored->size() == 1);
    const net::ReceivedRequest& r = stored->front();
    CHECK(r.case_no == "C-000001");
    CHECK(r.idempotency_key == "5f0c8e1a-4b1d-4a57-9d1e-2b7f6a3c9e10");
    CHECK(r.kiosk_id == "kiosk-001");
    CHECK(r.local_no == "A-20261122-0007");
    CHECK(r.item == "linshi");
    CHECK(r.service == "材料审核");
    CHECK(r.id_number == kValidId);
    CHECK(r.phone == "13800000000");
    CHECK(r.received_at == answer["received_at"]);
    CHECK(r.missing_materials == std::vector<std::string>{"医院的诊断证明", "户口本"});
    CHECK(r.state == "received");
    CHECK(r.rating.empty());
}

TEST_CASE("the database outlives the server: keys and case numbers carry on after a restart") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    {
        auto server = start_server(db);
        httplib::Client client(server->url());
        REQUIRE(deliver(client, sample_request("k1"))->status == 201);
    }
    auto server = start_server(db);
    httplib::Client client(server->url());
    auto again = deliver(client, sample_request("k1"));
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(body_of(again)["case_no"] == "C-000001");
    auto next = deliver(client, sample_request("k2"));
    REQUIRE(next);
    CHECK(next->status == 201);
    CHECK(body_of(next)["case_no"] == "C-000002");
}

TEST_CASE("start refuses bad options and a port in use") {
    TempDir dir;
    CountyServerOptions options;
    options.db = dir.path / "county.db";
    options.fail_rate = 1.5;
    CHECK_FALSE(CountyServer::start(options).has_value());
    options.fail_rate = 0;
    options.drop_rate = -0.1;
    CHECK_FALSE(CountyServer::start(options).has_value());
    options.drop_rate = 0;
    options.db.clear();
    CHECK_FALSE(CountyServer::start(options).has_value());

    auto running = start_server(dir.path / "county.db");
    options.db = dir.path / "other.db";
    options.port = running->port();
    auto clash = CountyServer::start(options);
    REQUIRE_FALSE(clash.has_value());
    CHECK(clash.error().find(std::to_string(running->port())) != std::string::npos);
}

// --- Benefit status (享受待遇信息) ---------------------------------------------------------------

namespace {

// Fictional residents of region 990102 (no real region), as in net/sample_benefits.csv.
constexpr const char* kResidentA = "990102195803120015";  // dibao, active
constexpr const char* kResidentB = "99010219621105002X";  // tekun, active
constexpr const char* kResidentC = "990102194907230038";  // dibao, stopped
constexpr const char* kNoRecord = "11010519491231002X";
constexpr const char* kToday = "2026-11-22";
constexpr const char* kHeader =
    "id_number,item,amount_yuan,start_date,pay_day,status,stop_date,stop_reason\n";

std::filesystem::path write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string sample_csv() {
    return std::string(kHeader) + kResidentA + ",dibao,600.00,2024-03-01,10,active,,\n" +
           kResidentB + ",tekun,1000,2023-07-01,15,active,,\n" + kResidentC +
           ",dibao,550.5,2022-09-01,10,stopped,2026-06-30,家庭收入已超过低保标准\n";
}

std::unique_ptr<CountyServer> start_benefits_server(const std::filesystem::path& db) {
    CountyServerOptions options;
    options.db = db;
    options.token = kToken;
    options.today = kToday;
    auto server = CountyServer::start(options);
    REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error()));
    return std::move(*server);
}

httplib::Result query_benefits(httplib::Client& client, const json& body,
                               const httplib::Headers& headers = kiosk_headers()) {
    return client.Post("/api/v1/benefits/query", headers, body.dump(), "application/json");
}

// The benefits of a resident, expecting 200.
json benefits_of(httplib::Client& client, const std::string& id_number) {
    auto res = query_benefits(client, json{{"id_number", id_number}, {"consent", true}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json body = body_of(res);
    REQUIRE(body.contains("benefits"));
    REQUIRE(body["benefits"].is_array());
    return body["benefits"];
}

}  // namespace

TEST_CASE("import_benefits imports the CSV and the query answers with every field") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    const auto csv = write_file(dir.path / "benefits.csv", sample_csv());
    auto summary = net::import_benefits(db, csv);
    REQUIRE_MESSAGE(summary.has_value(), (summary ? "" : summary.error()));
    CHECK(*summary == "imported 3 benefits for 3 residents");

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
    CHECK(b[0]["item"] == "tekun");
    CHECK(b[0]["amount_yuan"] == "1000.00");
    CHECK(b[0]["last_payment_date"] == "2026-11-15");
    CHECK(b[0]["last_payment_yuan"] == "1000.00");
    CHECK(b[0]["next_review"] == "2027-07-01");
}

TEST_CASE("a stopped benefit reports its stop and the last payment before the stop") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    REQUIRE(net::import_benefits(db, write_file(dir.path / "b.csv", sample_csv())).has_value());
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json c = benefits_of(client, kResidentC);
    REQUIRE(c.size() == 1);
    CHECK(c[0]["status"] == "stopped");
    CHECK(c[0]["amount_yuan"] == "550.50");
    CHECK(c[0]["stop_date"] == "2026-06-30");
    CHECK(c[0]["stop_reason"] == "家庭收入已超过低保标准");
    CHECK(c[0]["last_payment_date"] == "2026-06-10");
    CHECK(c[0]["last_payment_yuan"] == "550.50");
    CHECK(c[0]["next_review"] == "");
}

TEST_CASE("last payment and next review at the edges: before the pay day, new, half-yearly") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    const std::string csv =
        std::string("id_number,item,amount_yuan,start_date,pay_day,status,stop_date,stop_reason,"
                    "review\n") +
        kResidentA + ",dibao,600.00,2024-08-01,25,active,,,halfyear\n" +  // paid by the 25th
        kResidentA + ",linshi,300,2026-11-15,10,active,,,\n" +            // no pay day yet
        kResidentA + ",tekun,900,2024-08-01,25,active,,,yearly\n" +
        kResidentA + ",yiliao,100,2026-03-12,10,stopped,2026-04-10,,\n";  // stopped on a pay day
    auto summary = net::import_benefits(db, write_file(dir.path / "b.csv", csv));
    REQUIRE_MESSAGE(summary.has_value(), (summary ? "" : summary.error()));
    CHECK(*summary == "imported 4 benefits for 1 residents");
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json a = benefits_of(client, kResidentA);
    REQUIRE(a.size() == 4);
    CHECK(a[0]["last_payment_date"] == "2026-10-25");
    CHECK(a[0]["next_review"] == "2027-02-01");
    CHECK(a[1]["last_payment_date"] == "");
    CHECK(a[1]["last_payment_yuan"] == "");
    CHECK(a[1]["next_review"] == "2027-11-15");
    CHECK(a[2]["next_review"] == "2027-08-01");
    // The stop day's own payment is not made; the one before (2026-03-10) is before the start.
    CHECK(a[3]["last_payment_date"] == "");
    CHECK(a[3]["next_review"] == "");
}

TEST_CASE("no record is 200 with an empty list") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    REQUIRE(net::import_benefits(db, write_file(dir.path / "b.csv", sample_csv())).has_value());
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    CHECK(benefits_of(client, kNoRecord).empty());

    // A county that never imported anything answers the same.
    TempDir other;
    auto empty = start_benefits_server(other.path / "county.db");
    httplib::Client empty_client(empty->url());
    CHECK(benefits_of(empty_client, kResidentA).empty());
}

TEST_CASE("a benefits query without consent, with a bad ID or a wrong token is refused") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    REQUIRE(net::import_benefits(db, write_file(dir.path / "b.csv", sample_csv())).has_value());
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());

    expect_error(query_benefits(client, json{{"id_number", kResidentA}}), 400, "bad_request");
    expect_error(query_benefits(client, json{{"id_number", kResidentA}, {"consent", false}}), 400,
                 "bad_request");
    const std::string message = expect_error(
        query_benefits(client, json{{"id_number", kResidentA}, {"consent", "true"}}), 400,
        "bad_request");
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
    expect_error(query_benefits(client, json{{"id_number", kResidentA}, {"consent", true}},
                                httplib::Headers{{"Authorization",
                                                  std::string("Bearer ") + kToken}}),
                 400, "bad_request");
}

TEST_CASE("a benefits query is logged with the ID number masked") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    REQUIRE(net::import_benefits(db, write_file(dir.path / "b.csv", sample_csv())).has_value());
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());

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

TEST_CASE("a re-import replaces that resident's rows and leaves the others") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    REQUIRE(net::import_benefits(db, write_file(dir.path / "b.csv", sample_csv())).has_value());
    const std::string again = std::string(kHeader) + kResidentA +
                              ",dibao,650.00,2024-03-01,10,stopped,2026-11-01,迁出本县\n";
    auto summary = net::import_benefits(db, write_file(dir.path / "again.csv", again));
    REQUIRE(summary.has_value());
    CHECK(*summary == "imported 1 benefits for 1 residents");

    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json a = benefits_of(client, kResidentA);
    REQUIRE(a.size() == 1);
    CHECK(a[0]["amount_yuan"] == "650.00");
    CHECK(a[0]["status"] == "stopped");
    CHECK(a[0]["stop_reason"] == "迁出本县");
    CHECK(a[0]["last_payment_date"] == "2026-10-10");
    CHECK(benefits_of(client, kResidentB).size() == 1);
    CHECK(benefits_of(client, kResidentC).size() == 1);
}

TEST_CASE("a bad CSV line stops the import with FILE:LINE and imports nothing") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    REQUIRE(net::import_benefits(db, write_file(dir.path / "b.csv", sample_csv())).has_value());

    // Line 2 is good and would replace resident A's row; line 3 is bad.
    const std::string good = std::string(kResidentA) + ",dibao,999.00,2024-03-01,10,active,,\n";
    struct Bad {
        std::string line, complaint;
    };
    const std::vector<Bad> bad_lines = {
        {"990102195803120016,dibao,600,2024-03-01,10,active,,", "id_number"},
        {std::string(kResidentB) + ",pension,600,2024-03-01,10,active,,", "unknown item"},
        {std::string(kResidentB) + ",dibao,600,2024-02-30,10,active,,", "start_date"},
        {std::string(kResidentB) + ",dibao,600,2024/03/01,10,active,,", "start_date"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,stopped,2026-13-01,x", "stop_date"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,0,active,,", "pay_day"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,29,active,,", "pay_day"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,ten,active,,", "pay_day"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,paused,,", "status"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,stopped,,收入超标", "stop_date"},
        {std::string(kResidentB) + ",dibao,6x0,2024-03-01,10,active,,", "amount_yuan"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,active", "columns"},
    };
    // After the bad line, the good rows of the sample: none of them may come in either.
    const std::string rest = sample_csv().substr(std::string(kHeader).size());
    for (const Bad& bad : bad_lines) {
        CAPTURE(bad.line);
        const auto csv =
            write_file(dir.path / "bad.csv", std::string(kHeader) + good + bad.line + "\n" + rest);
        auto result = net::import_benefits(db, csv);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().rfind(csv.string() + ":3: ", 0) == 0);
        CHECK(result.error().find(bad.complaint) != std::string::npos);
    }

    // A wrong header is line 1.
    const auto header = write_file(dir.path / "header.csv", "id,item\n" + good);
    auto wrong = net::import_benefits(db, header);
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().rfind(header.string() + ":1: ", 0) == 0);
    CHECK_FALSE(net::import_benefits(db, dir.path / "missing.csv").has_value());

    // Nothing of the bad files came in: resident A still has the first import's row.
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json a = benefits_of(client, kResidentA);
    REQUIRE(a.size() == 1);
    CHECK(a[0]["amount_yuan"] == "600.00");
}

TEST_CASE("the shipped sample benefits import, with valid fictional ID numbers") {
    TempDir dir;
    auto summary =
        net::import_benefits(dir.path / "county.db", SOURCE_DIR "/net/sample_benefits.csv");
    REQUIRE_MESSAGE(summary.has_value(), (summary ? "" : summary.error()));
    CHECK(*summary == "imported 3 benefits for 3 residents");
}
