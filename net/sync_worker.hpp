// The sync thread: delivers due requests from the outbox to the county (exactly once, by the
// idempotency key; 4xx → needs-attention, everything passing → retry with capped exponential
// backoff and full jitter), pulls replies since the stored cursor and sends residents'
// evaluations. It sleeps on a condition variable until the earliest due attempt, the next reply
// poll or a nudge (a new request, the network back). kioskctl runs the same pass on its own
// thread with sync_once().
#pragma once

#include <atomic>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "net/http_client.hpp"
#include "net/outbox.hpp"

namespace net {

struct SyncOptions {
    std::chrono::milliseconds backoff_base{2000};
    std::chrono::milliseconds backoff_cap{std::chrono::minutes(5)};
    std::chrono::milliseconds poll_interval{
        std::chrono::seconds(60)};  // replies at least this often
    int replies_limit = 200;        // per GET; API.md allows at most 200
    // false: no thread; the owner calls sync_once() / until_empty() (kioskctl sync --once).
    bool background = true;
    // Unix milliseconds now; empty: the system clock. For tests that move time.
    std::function<std::int64_t()> now_ms;
};

struct SyncSummary {
    int sent = 0;              // delivered in this pass (201 or 200)
    int failed = 0;            // attempts that failed: retried later or needs-attention
    int replies = 0;           // replies applied
    int ratings = 0;           // evaluations sent
    std::int64_t pending = 0;  // queued or sending after the pass
    // The outbox could not be read (a damaged or vanished database): what SQLite said. A pass
    // with this set did not do all it should, and pending is not to be trusted.
    std::string storage_error;
};

// The delay before the next attempt after `attempts` earlier attempts (0 after the first
// failure): uniform in [0, min(cap, base·2^attempts)] — "full jitter", so that kiosks coming back
// online together do not all call at once.
std::chrono::milliseconds next_attempt_delay(
    int attempts, std::mt19937_64& rng, std::chrono::milliseconds base = std::chrono::seconds(2),
    std::chrono::milliseconds cap = std::chrono::minutes(5));

// Whether a 4xx answer to a POST is the county's last word on that request. 401, 403, 404, 408
// and 429 say something about the kiosk's setup or the county's state, not about the request:
// those are retried like a 5xx, so that fixing a token does not leave requests stranded.
bool is_final_refusal(long status);

class SyncWorker {
  public:
    // on_change: called (on the syncing thread, no lock held) after a pass that changed a request.
    SyncWorker(Outbox& outbox, HttpClientOptions http, SyncOptions options = {},
               std::function<void()> on_change = {});
    ~SyncWorker();  // stops the thread (aborting an exchange under way) and joins it
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    // An immediate pass: after store(), or when the network comes back.
    void nudge();
    // Stores in the outbox and nudges.
    std::expected<StoredRequest, std::string> store(const NewRequest& request);

    // One pass on the calling thread (never at the same time as the thread's).
    SyncSummary sync_once();
    // Until nothing is queued or sending, or the timeout: true when empty, false at the timeout,
    // an error value when the outbox cannot be read (an unreadable outbox is not an empty one).
    // With the thread it waits for the thread's passes; without, it runs them itself at each due
    // time.
    std::expected<bool, std::string> until_empty(std::chrono::milliseconds timeout);

    // For the heartbeat and staff: when a pass last went through with nothing failing (RFC 3339,
    // "" before), and the last failure seen (a request's delivery or the replies), "" when none.
    struct Health {
        std::string last_sync;
        std::string last_error;
        std::string last_error_at;  // RFC 3339: later than last_sync while the trouble lasts
    };
    Health health() const;

    // JSON body bytes of request deliveries so far, out and back (for the bench's wire figure).
    std::uint64_t request_bytes_out() const { return request_bytes_out_; }
    std::uint64_t request_bytes_in() const { return request_bytes_in_; }

  private:
    void run();
    SyncSummary pass();
    void deliver(const Outbox::Due& due, SyncSummary& summary);
    void pull_replies(SyncSummary& summary);
    void send_ratings(SyncSummary& summary);
    void retry(const Outbox::Due& due, const std::string& error);
    void note_failure(const std::string& error);
    std::int64_t now() const;
    // The wake-up time after a pass: the earliest due attempt or the next reply poll.
    std::int64_t next_wake_ms();
    // Waits until wake_ms, a nudge or stop; false on stop.
    bool wait_until(std::int64_t wake_ms);

    Outbox& outbox_;
    HttpClient http_;
    SyncOptions options_;
    std::function<void()> on_change_;
    std::mt19937_64 rng_;

    std::atomic<std::uint64_t> request_bytes_out_{0}, request_bytes_in_{0};
    std::mutex pass_mutex_;              // one pass at a time (thread or sync_once)
    mutable std::mutex mutex_;           // guards the flags below
    std::condition_variable wake_;       // nudges and stop, for the thread
    std::condition_variable pass_done_;  // after every pass, for until_empty
    Health health_;                      // under mutex_
    bool pass_failed_ = false;           // in the pass under way (pass_mutex_ held)
    bool nudged_ = false;
    bool stop_ = false;
    std::int64_t last_poll_ms_ = 0;
    std::thread thread_;
};

}  // namespace net
