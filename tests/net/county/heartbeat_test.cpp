// Tests POST /api/v1/heartbeat over HTTP: the latest heartbeat of each kiosk kept and listed,
// authentication and the kiosk's identity, bodies refused with the field named, and the answer's
// hint of the published content's version; `county-server kiosks` run as a program.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "county_test_support.hpp"
#include "support/run_command.hpp"
#include "support/stderr_capture.hpp"

using namespace county_test;

namespace {

std::vector<county::KioskStatus> kiosks_in(const std::filesystem::path& db) {
    auto kiosks = county::list_kiosks(db);
    REQUIRE_MESSAGE(kiosks.has_value(), (kiosks ? "" : kiosks.error()));
    return *kiosks;
}

void write_manifest(const std::filesystem::path& dir, long long version) {
    write_file(dir / "manifest.json",
               json{{"version", version}, {"files", json::array()}, {"signature", "c2ln"}}.dump());
}

}  // namespace

TEST_CASE_FIXTURE(TestCounty,
                  "a heartbeat is kept per kiosk, the latest wins, and kiosks are listed by id") {
    json first = sample_heartbeat("kiosk-002");
    auto res = send_heartbeat(client, first, "kiosk-002");
    REQUIRE(res);
    CHECK(res->status == 200);
    // Without a content dir the county knows no published version.
    CHECK(body_of(res) == json{{"content_version", nullptr}});

    json later = sample_heartbeat("kiosk-002");
    later["printer_state"] = "paper_out";
    later["paper_left_percent"] = nullptr;
    later["outbox_depth"] = 3;
    later["content_expired"] = true;
    later["last_error"] = "连接县里失败: timeout";
    later["sent_at"] = "2026-11-22T10:20:00+08:00";
    REQUIRE(send_heartbeat(client, later, "kiosk-002")->status == 200);
    REQUIRE(send_heartbeat(client, sample_heartbeat("kiosk-001"), "kiosk-001")->status == 200);

    const auto kiosks = kiosks_in(db);
    REQUIRE(kiosks.size() == 2);
    CHECK(kiosks[0].kiosk_id == "kiosk-001");
    CHECK(kiosks[0].paper_left_percent == 60);
    const county::KioskStatus& k = kiosks[1];
    CHECK(k.kiosk_id == "kiosk-002");
    CHECK(static_cast<const net::api::Heartbeat&>(k) == *net::api::parse_heartbeat(later));
    CHECK_FALSE(k.paper_left_percent.has_value());
    CHECK(k.received_at.size() == 25);  // the county's clock: 2026-11-22T10:20:02+08:00
}

TEST_CASE_FIXTURE(TestCounty, "a heartbeat with a missing or wrong token is 401 and not kept") {
    const std::string body = sample_heartbeat().dump();
    expect_error(client.Post("/api/v1/heartbeat", kiosk_headers("kiosk-001", "not-the-token"), body,
                             "application/json"),
                 401, "unauthorized");
    expect_error(
        client.Post("/api/v1/heartbeat", kiosk_headers("kiosk-001", ""), body, "application/json"),
        401, "unauthorized");
    CHECK(kiosks_in(db).empty());
}

TEST_CASE_FIXTURE(TestCounty,
                  "a heartbeat for another kiosk than X-Kiosk-Id, or without it, is 400 and not "
                  "kept") {
    const std::string message = expect_error(
        send_heartbeat(client, sample_heartbeat("kiosk-002"), "kiosk-001"), 400, "bad_request");
    CHECK(message == "kiosk_id: \"kiosk-002\" is not X-Kiosk-Id");
    auto unnamed = client.Post("/api/v1/heartbeat",
                               httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}},
                               sample_heartbeat().dump(), "application/json");
    CHECK(expect_error(unnamed, 400, "bad_request") == "X-Kiosk-Id: missing");
    CHECK(kiosks_in(db).empty());
}

TEST_CASE_FIXTURE(TestCounty, "a bad heartbeat body is 400 with a message naming the field") {
    auto refused = [&](const json& body) {
        return expect_error(send_heartbeat(client, body), 400, "bad_request");
    };
    json body = sample_heartbeat();
    body["paper_left_percent"] = 150;
    CHECK(refused(body) == "paper_left_percent: must be a whole number between 0 and 100");
    body = sample_heartbeat();
    body.erase("sent_at");
    CHECK(refused(body) == "sent_at: missing");
    body = sample_heartbeat();
    body["outbox_depth"] = -1;
    CHECK(refused(body).rfind("outbox_depth:", 0) == 0);
    body = sample_heartbeat();
    body["content_expires"] = "2027-02-30";
    CHECK(refused(body).rfind("content_expires:", 0) == 0);
    body = sample_heartbeat();
    body["last_error"] = "two\nlines";
    CHECK(refused(body).rfind("last_error:", 0) == 0);
    CHECK(refused(json::array()).rfind("body:", 0) == 0);
    CHECK(kiosks_in(db).empty());
}

TEST_CASE("the answer to a heartbeat names the manifest's version while there is a readable one") {
    TempDir dir;
    const auto content = dir.path / "content";
    std::filesystem::create_directory(content);
    auto server = start_content_server(dir.path / "county.db", content);
    httplib::Client client(server->url());

    // No manifest yet, then one that is not JSON, then one without a version: no hint, and a
    // warning once for each, however many heartbeats come meanwhile.
    test::StderrCapture log(dir.path / "stderr.log");
    CHECK(hint_of(client).is_null());
    CHECK(hint_of(client).is_null());
    write_file(content / "manifest.json", "{\"version\": 3,");
    CHECK(hint_of(client).is_null());
    CHECK(hint_of(client).is_null());
    write_file(content / "manifest.json", json{{"version", "3"}}.dump());
    CHECK(hint_of(client).is_null());
    write_manifest(content, 12);
    CHECK(hint_of(client) == 12);
    const std::string text = log.restore();
    auto count = [&](const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    };
    CHECK(count("WARN") == 3);
    CHECK(count("manifest.json: No such file or directory") == 1);
    CHECK(count("manifest.json: not valid JSON") == 1);
    CHECK(count("no \"version\"") == 1);
    CHECK(count("published content: version 12") == 1);
}

TEST_CASE("the hint follows the manifest as it is rewritten, replaced and removed") {
    TempDir dir;
    const auto content = dir.path / "content";
    std::filesystem::create_directory(content);
    write_manifest(content, 1);
    auto server = start_content_server(dir.path / "county.db", content);
    httplib::Client client(server->url());
    CHECK(hint_of(client) == 1);
    CHECK(hint_of(client) == 1);
    // Rewritten in place at once, to the same size: within the file system's clock tick, so
    // its modification time need not change.
    write_manifest(content, 2);
    CHECK(hint_of(client) == 2);
    // Replaced by a rename, as a publisher does.
    write_manifest(dir.path, 30);
    std::filesystem::rename(dir.path / "manifest.json", content / "manifest.json");
    CHECK(hint_of(client) == 30);
    std::filesystem::remove(content / "manifest.json");
    CHECK(hint_of(client).is_null());
    write_manifest(content, 31);
    CHECK(hint_of(client) == 31);
}

TEST_CASE("county-server kiosks lists the latest heartbeats as JSON and as a table") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    {
        auto server = start_server(db);
        httplib::Client client(server->url());
        json old = sample_heartbeat("kiosk-b");
        old["software_version"] = "1.3.9";
        REQUIRE(send_heartbeat(client, old, "kiosk-b")->status == 200);
        json latest = sample_heartbeat("kiosk-b");
        latest["paper_left_percent"] = nullptr;
        latest["last_error"] = "printer: paper out";
        REQUIRE(send_heartbeat(client, latest, "kiosk-b")->status == 200);
        REQUIRE(send_heartbeat(client, sample_heartbeat("kiosk-a"), "kiosk-a")->status == 200);
    }
    const std::string program = std::string(BIN_DIR) + "/county-server";
    const auto listed =
        test::run_command(program + " kiosks --db '" + db.string() + "' --json", dir.path / "err");
    REQUIRE_MESSAGE(listed.exit_code == 0, listed.err);
    const json kiosks = json::parse(listed.out);
    REQUIRE(kiosks.is_array());
    REQUIRE(kiosks.size() == 2);
    json a = sample_heartbeat("kiosk-a");
    CHECK(part_of(kiosks[0], a) == a);
    json b = sample_heartbeat("kiosk-b");
    b["paper_left_percent"] = nullptr;
    b["last_error"] = "printer: paper out";
    CHECK(part_of(kiosks[1], b) == b);
    for (const auto& k : kiosks) {
        CHECK(k.size() == a.size() + 1);
        CHECK(k["received_at"].is_string());
    }

    const auto table =
        test::run_command(program + " kiosks --db '" + db.string() + "'", dir.path / "err");
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.rfind("KIOSK", 0) == 0);
    const auto row_a = table.out.find("\nkiosk-a ");
    const auto row_b = table.out.find("\nkiosk-b ");
    CHECK(row_a != std::string::npos);
    CHECK(row_b > row_a);
    CHECK(table.out.find("printer: paper out") > row_b);

    const auto missing =
        test::run_command(program + " kiosks --db '" + (dir.path / "none.db").string() + "' --json",
                          dir.path / "err");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("no such database") != std::string::npos);
    CHECK(missing.out.empty());
    const auto no_db = test::run_command(program + " kiosks", dir.path / "err");
    CHECK(no_db.exit_code == 2);
    CHECK(no_db.err.find("--db FILE is required") != std::string::npos);
}
