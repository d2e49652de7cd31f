// Tests net/county_server: the reference county server, started in-process on a free port and
// driven over HTTP with httplib::Client as a kiosk would — exactly-once delivery, validation and
// its error bodies, authentication, replies per kiosk, evaluations and the injected faults.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
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

TEST_CASE("a new request gets 201 and a case number; the same key again gets 200 and the same") {
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
    "a missing or wrong token is 401 unauthorized; without a configured token none is asked") {
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

TEST_CASE("a body over 1 MiB is 413 too_large; 1 MiB itself is read") {
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

TEST_CASE("an evaluation before done is 409; after done 200, once") {
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

TEST_CASE("drop_rate 1 loses every answer; some POSTs were stored, and a retry makes exactly one") {
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
