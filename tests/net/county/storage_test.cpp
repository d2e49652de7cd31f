// Tests net/county/storage: what the county keeps of a request, replies posted by the county, and
// a database that outlives its server.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <string>
#include <vector>

#include "county_test_support.hpp"

using namespace county_test;

namespace {

// The permission bits of a file: 0600 is the owner's alone.
mode_t mode_of(const std::filesystem::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// Serves `db` and stores a request, so that SQLite makes its -wal and -shm files, then checks
// the mode of all three while the server still has them open.
void check_modes_while_serving(const std::filesystem::path& db) {
    auto server = start_server(db);
    httplib::Client client(server->url());
    REQUIRE(deliver(client, sample_request("k"))->status == 201);
    for (const std::string suffix : {"", "-wal", "-shm"}) {
        CAPTURE(suffix);
        CHECK(mode_of(db.string() + suffix) == 0600);
    }
}

}  // namespace

TEST_CASE("post_reply refuses an unknown case or state") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    CHECK_FALSE(county::post_reply(db, "C-000001", "done", "").has_value());  // no database yet
    CHECK_FALSE(county::list_requests(db).has_value());
    auto server = start_server(db);
    httplib::Client client(server->url());
    REQUIRE(deliver(client, sample_request("k"))->status == 201);
    auto unknown_case = county::post_reply(db, "C-000099", "done", "");
    REQUIRE_FALSE(unknown_case.has_value());
    CHECK(unknown_case.error().find("C-000099") != std::string::npos);
    auto bad_state = county::post_reply(db, "C-000001", "finished", "");
    REQUIRE_FALSE(bad_state.has_value());
    CHECK(bad_state.error().find("finished") != std::string::npos);
    CHECK(
        county::post_reply(db, "C-000001", "terminated", "材料不全，请补齐后再申请。").has_value());
    CHECK(county::list_requests(db)->front().state == "terminated");
}

TEST_CASE_FIXTURE(TestCounty,
                  "list_requests returns what was stored, the full ID number included") {
    json body = sample_request("5f0c8e1a-4b1d-4a57-9d1e-2b7f6a3c9e10");
    body["missing_materials"] = {"医院的诊断证明", "户口本"};
    auto res = deliver(client, body);
    REQUIRE(res);
    const json answer = body_of(res);

    auto stored = county::list_requests(db);
    REQUIRE(stored.has_value());
    REQUIRE(stored->size() == 1);
    const county::ReceivedRequest& r = stored->front();
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

TEST_CASE("the database and its WAL files are the owner's alone, whatever the umask") {
    // Full ID numbers and phones are in there in plain text. The usual umask would make the
    // files readable by every user of the machine; the county must not depend on it.
    const mode_t umask_before = ::umask(022);
    TempDir dir;
    check_modes_while_serving(dir.path / "county.db");

    // A database made by an import, before any server ran on it.
    TempDir import_dir;
    const auto imported = import_sample(import_dir);
    CHECK(mode_of(imported) == 0600);

    // One that others can read, from before this check: made the owner's at start, and so are
    // the WAL files made after.
    const auto old = dir.path / "old.db";
    REQUIRE(
        county::import_benefits(old, write_file(dir.path / "old.csv", sample_csv())).has_value());
    REQUIRE(::chmod(old.c_str(), 0644) == 0);
    check_modes_while_serving(old);
    ::umask(umask_before);
}
