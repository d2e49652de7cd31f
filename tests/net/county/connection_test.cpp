// Tests net/county/connection: what a client on the wire can and cannot make the county do — a
// chunked body is capped like any other, framing that is not RFC 9112's is refused, and heads or
// bodies that never end are cut off while other kiosks are still answered. Raw sockets, since
// httplib::Client sends none of this.
#include <doctest/doctest.h>

#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "county_test_support.hpp"

using namespace county_test;

namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

// A request the county would store, made larger than `size` by a field it ignores (unknown
// fields are kept): only the limit can stop it.
std::string padded_request(const std::string& key, std::size_t size) {
    json body = sample_request(key);
    body["padding"] = std::string(size, 'x');
    return body.dump();
}

// One chunk of a chunked body: its size in hex, the bytes.
std::string chunk(std::string_view part) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    return size + std::string(part) + "\r\n";
}

// The county still answers a kiosk.
void still_answers(CountyServer& server) {
    httplib::Client client(server.url());
    auto health = client.Get("/api/v1/health", kiosk_headers());
    REQUIRE(health);
    CHECK(health->status == 200);
}

}  // namespace

TEST_CASE_FIXTURE(TestCounty, "a chunked body over 1 MiB is refused with 413 as it arrives") {
    const std::string body = padded_request("chunked", 2 * kMiB);
    RawConnection c(server->port());
    REQUIRE(c.send(post_head("/api/v1/requests") + "Transfer-Encoding: chunked\r\n\r\n"));
    // 64 KiB chunks until the county answers; all of them and the last chunk if it never does.
    constexpr std::size_t kChunk = 64 * 1024;
    bool answered_early = false;
    for (std::size_t at = 0; at < body.size() && !answered_early; at += kChunk) {
        answered_early = !c.send(chunk(body.substr(at, kChunk)));
    }
    if (!answered_early) c.send("0\r\n\r\n");
    const std::string answer = c.read_to_end();
    CHECK(status_of(answer) == 413);
    CHECK(answer.find("\"too_large\"") != std::string::npos);
    CHECK(stored_count(db) == 0);
    still_answers(*server);
}

TEST_CASE_FIXTURE(TestCounty, "a chunked body within 1 MiB is read and stored") {
    const std::string body = sample_request("small-chunks").dump();
    RawConnection c(server->port());
    std::string request = post_head("/api/v1/requests") + "Transfer-Encoding: chunked\r\n\r\n";
    for (std::size_t at = 0; at < body.size(); at += 100) request += chunk(body.substr(at, 100));
    REQUIRE(c.send(request + "0\r\n\r\n"));
    CHECK(status_of(c.read_to_end()) == 201);
    CHECK(stored_count(db) == 1);
}

TEST_CASE_FIXTURE(TestCounty,
                  "framing that RFC 9112 does not allow is 400, and nothing is stored") {
    const std::string body = sample_request("framing").dump();
    const std::string length = std::to_string(body.size());
    struct Case {
        std::string name, headers;
    };
    const std::vector<Case> cases = {
        // The first length is the body's: a server that takes the first would store it.
        {"two different Content-Length",
         "Content-Length: " + length + "\r\nContent-Length: " + length + "0\r\n"},
        {"Content-Length that is a list of two values",
         "Content-Length: " + length + ", " + length + "0\r\n"},
        {"Content-Length that is not a number", "Content-Length: " + length + "abc\r\n"},
        {"Content-Length and Transfer-Encoding",
         "Content-Length: " + length + "\r\nTransfer-Encoding: chunked\r\n"},
        {"Transfer-Encoding that is not chunked",
         "Content-Length: " + length + "\r\nTransfer-Encoding: gzip\r\n"},
    };
    for (const Case& bad : cases) {
        CAPTURE(bad.name);
        RawConnection c(server->port());
        c.send(post_head("/api/v1/requests") + bad.headers + "\r\n" + body);
        const std::string answer = c.read_to_end();
        CHECK(status_of(answer) == 400);
        CHECK(answer.find("\"bad_request\"") != std::string::npos);
    }
    CHECK(stored_count(db) == 0);

    // A POST with neither a length nor chunks: its body would run until the client closes.
    RawConnection unframed(server->port());
    unframed.send(post_head("/api/v1/requests") + "\r\n" + body);
    CHECK(status_of(unframed.read_to_end()) == 411);
    CHECK(stored_count(db) == 0);

    // The same length twice is one length (RFC 9112 6.3 allows either; the county takes it).
    RawConnection same(server->port());
    same.send(post_head("/api/v1/requests") + "Content-Length: " + length +
              "\r\nContent-Length: " + length + "\r\n\r\n" + body);
    CHECK(status_of(same.read_to_end()) == 201);
    still_answers(*server);
}

namespace {

// Dribbles one line at a time to each connection, as a slow client does, until the county has
// answered and closed every one of them; returns what each got. A turn ends when one of them
// hears from the county, or after 100 ms: the pace of the dribble, not a wait for anything.
// `each_turn` runs first in every turn.
std::vector<std::string> dribble(
    std::vector<std::unique_ptr<RawConnection>>& connections,
    const std::function<void()>& each_turn = [] {}) {
    const std::size_t count = connections.size();
    std::vector<std::string> answers(count);
    std::vector<bool> open(count, true);
    std::size_t still_open = count;
    for (int turn = 0; still_open > 0 && turn < 600; ++turn) {
        each_turn();
        std::vector<pollfd> fds;
        for (const auto& c : connections) fds.push_back({c->fd(), POLLIN, 0});
        ::poll(fds.data(), fds.size(), 100);
        for (std::size_t i = 0; i < count; ++i) {
            if (!open[i]) continue;
            if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                answers[i] = connections[i]->read_to_end();
                open[i] = false;
                --still_open;
            } else {
                connections[i]->send("X-Slow-" + std::to_string(turn) + ": x\r\n");
            }
        }
    }
    CHECK(still_open == 0);
    return answers;
}

// A county that gives a head 300 ms and a body 300 ms, so that the tests need not wait long.
std::unique_ptr<CountyServer> start_impatient(const TempDir& dir) {
    CountyServerOptions options;
    options.db = dir.path / "county.db";
    options.token = kToken;
    options.head_timeout_ms = 300;
    options.body_timeout_ms = 300;
    auto server = CountyServer::start(options);
    REQUIRE_MESSAGE(server.has_value(), (server ? "" : server.error()));
    return std::move(*server);
}

}  // namespace

TEST_CASE("heads that never end are cut off with 408, and another kiosk is answered meanwhile") {
    TempDir dir;
    auto server = start_impatient(dir);
    // More than the eight workers httplib gives a server on a small machine: each would hold one
    // for as long as its head goes on.
    constexpr int kSlow = 12;
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < kSlow; ++i) {
        slow.push_back(std::make_unique<RawConnection>(server->port()));
        REQUIRE(slow.back()->send("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    }

    // The kiosk asks once the slow ones are connected, so it queues behind them.
    auto kiosk = std::async(std::launch::async, [&] {
        httplib::Client client(server->url());
        client.set_read_timeout(RawConnection::kPatienceMs / 1000);
        auto res = client.Get("/api/v1/health", kiosk_headers());
        return res ? res->status : -1;
    });
    bool kiosk_done = false;
    const auto answers = dribble(slow, [&] {
        if (!kiosk_done && kiosk.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            kiosk_done = true;
            CHECK(kiosk.get() == 200);
        }
    });
    if (!kiosk_done) CHECK(kiosk.get() == 200);
    for (const std::string& answer : answers) {
        CHECK(status_of(answer) == 408);
        CHECK(answer.find("Connection: close") != std::string::npos);
    }
    still_answers(*server);
}

TEST_CASE("a body that never ends is cut off with 408, and nothing is stored") {
    TempDir dir;
    auto server = start_impatient(dir);
    const std::string body = sample_request("slow-body").dump();
    std::vector<std::unique_ptr<RawConnection>> slow;
    slow.push_back(std::make_unique<RawConnection>(server->port()));
    // A length larger than what will ever come: the header lines the dribble sends go into the
    // body, a few bytes at a time.
    REQUIRE(slow[0]->send(post_head("/api/v1/requests") + "Content-Length: 100000\r\n\r\n" +
                          body.substr(0, 10)));
    const auto answers = dribble(slow);
    CHECK(status_of(answers[0]) == 408);
    CHECK(answers[0].find("\"bad_request\"") != std::string::npos);
    CHECK(stored_count(dir.path / "county.db") == 0);
    still_answers(*server);
}
