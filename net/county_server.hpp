// The reference county server: the county API of net/API.md over HTTP (cpp-httplib) on a SQLite
// database, with faults to inject (503s, lost answers, slowness) so that the kiosk's retries and
// its exactly-once delivery can be tested against something real. Runs in-process for tests and
// as the program `county-server`; the admin functions below work on the same database file.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace net {

struct CountyServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: pick a free port
    std::filesystem::path db;
    std::string token;     // empty: no authentication (demo)
    double fail_rate = 0;  // answer 503 with an error body at this rate
    // Close the connection without answering at this rate, after reading the request. A POST is
    // dropped before or after it is stored (chosen at random), so the client cannot tell whether
    // the county has it and must rely on the idempotency key.
    double drop_rate = 0;
    int delay_ms = 0;   // delay each answer
    unsigned seed = 1;  // faults are random but repeatable
    // The county's "today" as YYYY-MM-DD for the benefit status (last payment, next review);
    // empty: the local date. For tests and demos.
    std::string today;
};

class CountyServer {
  public:
    // Opens (creates) the database and listens; serves on its own threads until destroyed.
    static std::expected<std::unique_ptr<CountyServer>, std::string> start(
        CountyServerOptions options);
    ~CountyServer();  // stops and joins
    CountyServer(const CountyServer&) = delete;
    CountyServer& operator=(const CountyServer&) = delete;

    int port() const;
    std::string url() const;  // "http://127.0.0.1:PORT"

    struct Impl;

  private:
    explicit CountyServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Admin on the database file, for the CLI subcommands and tests; safe while a server runs on it.
struct ReceivedRequest {
    std::string case_no, idempotency_key, kiosk_id, local_no, item, service, id_number, phone,
        received_at;
    std::vector<std::string> missing_materials;
    std::string state;   // "received" until the first reply, then the latest reply's state
    std::string rating;  // the resident's evaluation, "" until given
};
// In the order received. A database file that does not exist is an error.
std::expected<std::vector<ReceivedRequest>, std::string> list_requests(
    const std::filesystem::path& db);
// state: accepted | in_progress | done | terminated. An unknown case or state is an error.
std::expected<void, std::string> post_reply(const std::filesystem::path& db,
                                            const std::string& case_no, const std::string& state,
                                            const std::string& text);

// Imports the county's benefit records (享受待遇信息, served by POST /api/v1/benefits/query) from a
// CSV file with the header `id_number,item,amount_yuan,start_date,pay_day,status,stop_date,
// stop_reason` and an optional 9th column `review` (yearly | halfyear). All or nothing: the first
// bad line is the error "CSV:LINE: what is wrong" and nothing is imported. Every resident in the
// file has their earlier rows replaced. Creates the database and its tables if missing. Returns
// "imported N benefits for M residents".
std::expected<std::string, std::string> import_benefits(const std::filesystem::path& db,
                                                        const std::filesystem::path& csv);

}  // namespace net
