// The kiosk's outbox of 帮办代办 requests, in the state database (SQLite, WAL): a request is
// durable before the resident is told 「已提交」 (its commit is synchronous=FULL), carries an
// idempotency key made here, and moves queued → sending → delivered → replied → closed, or to
// needs-attention when the county refuses it. Personal data (ID number, phone) is encrypted at
// rest (libsodium secretbox, key file mode 0600 beside the database) and erased once the county
// has it (secure_delete, so the bytes are gone); only masked forms stay, for the ledger.
//
// States:
//   queued          waiting for its next attempt (next_attempt_ms)
//   sending         an attempt is under way; after a crash it is simply sent again — the
//                   idempotency key makes the county answer with the same case number
//   delivered       the county has it (case_no set); personal data erased
//   replied         the county answered accepted / in_progress
//   closed          the county answered done / terminated (a rating can follow a done case)
//   needs-attention the county refused it (4xx); staff must look, it is not retried
//
// Thread-safe: every call takes one mutex (the UI thread stores, the sync thread updates).
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.hpp"

namespace net {

enum class RequestState { queued, sending, delivered, replied, closed, needs_attention };
std::string_view state_name(RequestState state);  // "queued", "needs-attention", ...
std::optional<RequestState> parse_state(std::string_view name);

struct NewRequest {
    std::string item;        // "linshi"
    std::string item_name;   // "临时救助"
    std::string service;     // "材料审核"
    base::Secret id_number;  // full; encrypted before it touches the disk
    std::string id_masked;   // "1101**********002X"
    base::Secret phone;      // full; encrypted
    std::string phone_masked;
    std::vector<std::string> missing_materials;
    std::string staff;         // 帮办代办员 on duty, for the ledger ("" when none)
    std::string submitted_at;  // RFC 3339, the kiosk's clock; its date names the local number
    std::string deadline;      // YYYY-MM-DD, from the working-day calendar
    int deadline_working_days = 0;
};

struct StoredRequest {
    std::int64_t seq = 0;         // 序号
    std::string local_no;         // "A-20261122-0007", on the receipt
    std::string idempotency_key;  // 32 hex characters, 128 random bits
    std::string item, item_name, service;
    std::string id_masked, phone_masked;
    std::vector<std::string> missing_materials;
    std::string staff;
    std::string submitted_at, deadline;
    int deadline_working_days = 0;
    RequestState state = RequestState::queued;
    int attempts = 0;                  // attempts started (mark_sending)
    std::int64_t next_attempt_ms = 0;  // unix ms
    std::string last_error;
    std::string case_no;                              // from the county
    std::string reply_state, reply_text, replied_at;  // latest reply
    std::string rating;                               // the resident's evaluation, once given
    bool rating_sent = false;
    std::string rating_error;  // the county refused the evaluation (4xx); it is not sent again
    bool personal_data_erased = false;
};

class Outbox {
  public:
    // Opens (creates) <data_dir>/state.db and <data_dir>/outbox.key (0600). A key file of the
    // wrong size or readable by others, or a missing key while encrypted requests wait: an error
    // value naming the file.
    static std::expected<std::unique_ptr<Outbox>, std::string> open(
        const std::filesystem::path& data_dir);
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // Stores durably; returns the stored request (local number and key) only once it is on disk.
    // A full disk or any failure: an error value, and nothing half-stored.
    std::expected<StoredRequest, std::string> store(const NewRequest& request);

    // Reads report a database they cannot read as writes do: an error value naming the file,
    // never an empty answer that would pass for "nothing there".
    std::expected<std::vector<StoredRequest>, std::string> list() const;  // by seq
    std::expected<std::optional<StoredRequest>, std::string> find_local(
        const std::string& local_no) const;
    std::expected<std::optional<StoredRequest>, std::string> find_case(
        const std::string& case_no) const;

    // For the sync worker.
    struct Due {
        StoredRequest request;
        base::Secret id_number, phone;  // decrypted, for the body only
    };
    // Queued or sending (a crash mid-attempt leaves 'sending'), next attempt passed, by seq.
    // A request whose personal data no longer decrypts (the key file was replaced) cannot be
    // sent: it moves to needs-attention here instead of being returned.
    std::expected<std::vector<Due>, std::string> due(std::int64_t now_ms) const;
    std::expected<std::int64_t, std::string> pending() const;  // queued or sending, due or not
    // The earliest next attempt among pending requests; nullopt when none is pending.
    std::expected<std::optional<std::int64_t>, std::string> next_due_ms() const;

    std::expected<void, std::string> mark_sending(std::int64_t seq);  // counts an attempt
    // The county has it: case number kept, personal data erased (and checkpointed out of the WAL).
    std::expected<void, std::string> mark_delivered(std::int64_t seq, const std::string& case_no);
    std::expected<void, std::string> mark_retry(std::int64_t seq, const std::string& error,
                                                std::int64_t next_ms);
    std::expected<void, std::string> mark_needs_attention(std::int64_t seq,
                                                          const std::string& error);
    // A reply (accepted / in_progress → replied; done / terminated → closed) for the request
    // with that case number or, when the kiosk never saw the case number (the answer to its
    // POST was lost), with that idempotency key: such a request counts as delivered from then on.
    std::expected<void, std::string> apply_reply(const std::string& case_no,
                                                 const std::string& state, const std::string& text,
                                                 const std::string& replied_at,
                                                 const std::string& idempotency_key = "");
    // rating: satisfied | basically_satisfied | dissatisfied. It is sent once the case is done.
    std::expected<void, std::string> set_rating(const std::string& local_no,
                                                const std::string& rating);
    // Rated, done, not sent, not refused.
    std::expected<std::vector<StoredRequest>, std::string> ratings_due() const;
    std::expected<void, std::string> mark_rating_sent(std::int64_t seq);
    std::expected<void, std::string> mark_rating_refused(std::int64_t seq,
                                                         const std::string& error);
    std::expected<std::int64_t, std::string> reply_cursor() const;
    std::expected<void, std::string> set_reply_cursor(std::int64_t cursor);

    struct Impl;

  private:
    explicit Outbox(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace net
