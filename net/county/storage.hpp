// The county's SQLite database: its schema, opening it, transactions, and the requests, replies,
// evaluations, benefit records and the kiosks' latest heartbeats kept in it. One connection per
// Store; its calls take turns.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/sqlite.hpp"
#include "net/api.hpp"
#include "net/county/benefits.hpp"

namespace county {

// A request as the county holds it, for `county-server requests` and tests: what the kiosk sent,
// and what became of it.
struct ReceivedRequest : net::api::RequestSubmission {
    std::string case_no, received_at;
    std::string state;   // "received" until the first reply, then the latest reply's state
    std::string rating;  // the resident's evaluation, "" until given
};

// A kiosk's latest heartbeat as the county holds it, for `county-server kiosks` and tests.
struct KioskStatus : net::api::Heartbeat {
    std::string received_at;  // the county's time of receipt, RFC 3339
};

class Store {
  public:
    // Creates the file and its tables when missing. WAL and a busy timeout, because
    // `county-server reply` and `import-benefits` write while a server runs on the same file.
    static std::expected<std::unique_ptr<Store>, std::string> open(
        const std::filesystem::path& path);
    // The same for a file that must exist already: "FILE: no such database" otherwise.
    static std::expected<std::unique_ptr<Store>, std::string> open_existing(
        const std::filesystem::path& path);

    // POST /requests. `body_hash` stands for the body as the county understood it: a key seen
    // before with the same hash is `repeated` (the first answer again), with another `conflict`
    // (answer.case_no names the earlier case).
    enum class Delivery { created, repeated, conflict };
    struct StoreResult {
        Delivery delivery;
        net::api::RequestAnswer answer;
    };
    std::expected<StoreResult, std::string> store_request(
        const net::api::RequestSubmission& request, std::string_view body_hash);

    // GET /replies: the replies to this kiosk's requests after `since`, at most `limit`.
    std::expected<net::api::RepliesPage, std::string> replies(std::string_view kiosk_id,
                                                              std::int64_t since,
                                                              std::int64_t limit);

    // POST /evaluation. unknown_case also for another kiosk's case; already_evaluated when a
    // different evaluation was stored; not_done with the case's latest state.
    struct EvaluationResult {
        enum class Kind { stored, repeated, unknown_case, already_evaluated, not_done } kind;
        std::string state;
    };
    std::expected<EvaluationResult, std::string> store_evaluation(
        std::string_view kiosk_id, const std::string& case_no,
        const net::api::Evaluation& evaluation);

    // A resident's benefit records in the order imported.
    std::expected<std::vector<BenefitRecord>, std::string> benefits_of(std::string_view id_number);
    // In one transaction: every resident in `records` has their earlier records replaced.
    std::expected<void, std::string> replace_benefits(const std::vector<BenefitRecord>& records);

    // POST /heartbeat: the kiosk's latest heartbeat replaces the one before, received now.
    std::expected<void, std::string> store_heartbeat(const net::api::Heartbeat& heartbeat);
    // Every kiosk's latest heartbeat, by kiosk id.
    std::expected<std::vector<KioskStatus>, std::string> kiosks();

    // Every request in the order received, with its latest state and rating.
    std::expected<std::vector<ReceivedRequest>, std::string> requests();
    // state: one of net::api::kReplyStates; text: valid UTF-8 of at most kMaxReplyText bytes.
    std::expected<void, std::string> add_reply(const std::string& case_no, const std::string& state,
                                               const std::string& text);

    // A reply's text; 200 replies of this size keep a page of replies well under 1 MiB.
    static constexpr std::size_t kMaxReplyText = 4000;

  private:
    explicit Store(base::Database db) : db_(std::move(db)) {}
    // The kiosk a case came from; nullopt for an unknown case. With mutex_ held.
    std::expected<std::optional<std::string>, std::string> kiosk_of_case(
        const std::string& case_no);

    base::Database db_;
    std::mutex mutex_;
};

// Admin on the database file, for the CLI subcommands and tests; safe while a server runs on
// it. A database file that does not exist is an error.
std::expected<std::vector<ReceivedRequest>, std::string> list_requests(
    const std::filesystem::path& db);
std::expected<std::vector<KioskStatus>, std::string> list_kiosks(const std::filesystem::path& db);
// state: accepted | in_progress | done | terminated. An unknown case or state is an error.
std::expected<void, std::string> post_reply(const std::filesystem::path& db,
                                            const std::string& case_no, const std::string& state,
                                            const std::string& text);

}  // namespace county
