// The sync thread: requests out, replies in, evaluations out; retries with backoff and jitter.
#include "net/sync_worker.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/log.hpp"
#include "base/rfc3339.hpp"
#include "net/api.hpp"
#include "net/county_url.hpp"

namespace net {

namespace {

constexpr std::string_view kLog = "sync";
using Json = nlohmann::json;

std::string dump(const Json& j) {
    // Replace rather than throw on invalid UTF-8: a bad byte must not take the thread down.
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// "HTTP 400 bad_request: item: unknown item \"foo\"" from an error answer of API.md.
std::string refusal_text(const HttpResponse& r) {
    std::string text = "HTTP " + std::to_string(r.status);
    if (const auto error = api::parse_error_body(Json::parse(r.body, nullptr, false))) {
        if (!error->code.empty()) text += " " + error->code;
        if (!error->message.empty()) text += ": " + error->message;
    }
    return text;
}

std::string describe(const HttpError& e) {
    return std::string(kind_name(e.kind)) + ": " + e.message;
}

// The county may quote what it refused; the ID number and the phone must not reach the log or
// the staff screen through that quote.
std::string scrub(std::string text, const Outbox::Due& due) {
    const std::pair<std::string_view, const std::string&> secrets[] = {
        {due.id_number.view(), due.request.id_masked},
        {due.phone.view(), due.request.phone_masked}};
    for (const auto& [secret, masked] : secrets) {
        if (secret.empty()) continue;
        const std::string shown = masked.empty() ? std::string("***") : masked;
        for (auto at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at + shown.size())) {
            text.replace(at, secret.size(), shown);
        }
    }
    return text;
}

std::string url_escape(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::chrono::milliseconds next_attempt_delay(int attempts, std::mt19937_64& rng,
                                             std::chrono::milliseconds base,
                                             std::chrono::milliseconds cap) {
    const std::int64_t b = std::max<std::int64_t>(base.count(), 0);
    const std::int64_t c = std::max<std::int64_t>(cap.count(), 0);
    const int a = std::clamp(attempts, 0, 62);
    // base·2^a without overflow: it exceeds cap exactly when base > cap / 2^a.
    const std::int64_t ceiling = b > (c >> a) ? c : std::min(c, b << a);
    std::uniform_int_distribution<std::int64_t> pick(0, ceiling);
    return std::chrono::milliseconds(pick(rng));
}

bool is_final_refusal(long status) {
    if (status < 400 || status > 499) return false;
    return status != 401 && status != 403 && status != 404 && status != 408 && status != 429;
}

SyncWorker::SyncWorker(Outbox& outbox, HttpClientOptions http, SyncOptions options,
                       std::function<void()> on_change)
    : outbox_(outbox),
      http_(std::move(http)),
      options_(std::move(options)),
      on_change_(std::move(on_change)),
      rng_(std::random_device{}()) {
    options_.replies_limit = std::clamp(options_.replies_limit, 1, 200);
    if (options_.poll_interval.count() <= 0) options_.poll_interval = std::chrono::seconds(60);
    if (options_.background) thread_ = std::thread([this] { run(); });
}

SyncWorker::~SyncWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    http_.cancel();  // a 15 s exchange under way would otherwise hold up the shutdown
    wake_.notify_all();
    pass_done_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncWorker::nudge() {
    {
        std::lock_guard lock(mutex_);
        nudged_ = true;
    }
    wake_.notify_all();
}

std::expected<StoredRequest, std::string> SyncWorker::store(const NewRequest& request) {
    auto stored = outbox_.store(request);
    if (stored) nudge();
    return stored;
}

std::int64_t SyncWorker::now() const {
    if (options_.now_ms) return options_.now_ms();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

SyncSummary SyncWorker::sync_once() {
    const SyncSummary s = pass();
    if ((s.sent || s.failed || s.replies || s.ratings) && on_change_) on_change_();
    return s;
}

void SyncWorker::run() {
    base::log::info(kLog, "delivering to ", redact_url(http_.options().base_url));
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) break;
            nudged_ = false;  // a nudge from here on calls for another pass
        }
        sync_once();
        if (!wait_until(next_wake_ms())) break;
    }
}

std::int64_t SyncWorker::next_wake_ms() {
    std::int64_t wake;
    {
        std::lock_guard lock(mutex_);
        wake = last_poll_ms_ + options_.poll_interval.count();
    }
    // An unreadable outbox (already logged) leaves the next poll as the wake-up: the pass then
    // tries again rather than spinning.
    if (const auto due = outbox_.next_due_ms(); due && *due) wake = std::min(wake, **due);
    return wake;
}

bool SyncWorker::wait_until(std::int64_t wake_ms) {
    const std::int64_t delay =
        std::clamp<std::int64_t>(wake_ms - now(), 0, options_.poll_interval.count());
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(delay), [&] { return stop_ || nudged_; });
    return !stop_;
}

std::expected<bool, std::string> SyncWorker::until_empty(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (options_.background) {
        nudge();
        std::unique_lock lock(mutex_);
        while (true) {
            auto pending = outbox_.pending();
            if (!pending) return std::unexpected(pending.error());
            if (*pending == 0) return true;
            if (stop_) return false;
            // Each pass ends with a notify under mutex_, after its outbox writes: none is missed.
            if (pass_done_.wait_until(lock, deadline) == std::cv_status::timeout) {
                pending = outbox_.pending();
                if (!pending) return std::unexpected(pending.error());
                return *pending == 0;
            }
        }
    }
    while (true) {
        {
            std::lock_guard lock(mutex_);
            nudged_ = false;
        }
        const auto s = sync_once();
        if (!s.storage_error.empty()) return std::unexpected(s.storage_error);
        if (s.pending == 0) return true;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        const std::int64_t wake = std::min(next_wake_ms(), now() + left.count());
        if (!wait_until(wake)) return false;
    }
}

SyncSummary SyncWorker::pass() {
    std::lock_guard pass_lock(pass_mutex_);
    pass_failed_ = false;
    SyncSummary s;
    auto stopping = [&] {
        std::lock_guard lock(mutex_);
        return stop_;
    };
    if (auto due = outbox_.due(now()); !due) {
        s.storage_error = due.error();
    } else {
        for (const auto& d : *due) {
            if (stopping()) break;
            deliver(d, s);
        }
    }
    if (!stopping()) pull_replies(s);
    {
        std::lock_guard lock(mutex_);
        last_poll_ms_ = now();
    }
    if (!stopping()) send_ratings(s);
    if (auto pending = outbox_.pending(); pending) {
        s.pending = *pending;
    } else {
        s.storage_error = pending.error();
    }
    if (s.sent || s.failed || s.replies || s.ratings) {
        base::log::info(kLog, "pass: ", s.sent, " delivered, ", s.failed, " failed, ", s.replies,
                        " replies, ", s.ratings, " evaluations; ", s.pending, " pending");
    }
    if (!s.storage_error.empty()) note_failure(s.storage_error);
    {
        // Under the lock, so that until_empty() cannot check pending() and then miss this.
        std::lock_guard lock(mutex_);
        if (!pass_failed_) health_.last_sync = base::now_rfc3339();
        pass_done_.notify_all();
    }
    return s;
}

void SyncWorker::note_failure(const std::string& error) {
    pass_failed_ = true;
    std::lock_guard lock(mutex_);
    health_.last_error = error;
    health_.last_error_at = base::now_rfc3339();
}

SyncWorker::Health SyncWorker::health() const {
    std::lock_guard lock(mutex_);
    return health_;
}

void SyncWorker::retry(const Outbox::Due& due, const std::string& error) {
    note_failure(due.request.local_no + ": " + error);
    const auto delay =
        next_attempt_delay(due.request.attempts, rng_, options_.backoff_base, options_.backoff_cap);
    if (auto ok = outbox_.mark_retry(due.request.seq, error, now() + delay.count()); !ok) {
        base::log::error(kLog, due.request.local_no, ": ", ok.error());
    }
    base::log::warn(kLog, due.request.local_no, ": attempt ", due.request.attempts + 1, " failed (",
                    error, "); next in ", delay.count(), " ms");
}

void SyncWorker::deliver(const Outbox::Due& due, SyncSummary& s) {
    const auto& r = due.request;
    const api::RequestSubmission body{.idempotency_key = r.idempotency_key,
                                      .kiosk_id = http_.options().kiosk_id,
                                      .local_no = r.local_no,
                                      .item = r.item,
                                      .service = r.service,
                                      .id_number = due.id_number,
                                      .phone = due.phone,
                                      .missing_materials = r.missing_materials,
                                      .submitted_at = r.submitted_at};
    // Counted as an attempt before it goes out: a crash from here on leaves 'sending', which the
    // next start sends again under the same key.
    if (auto ok = outbox_.mark_sending(r.seq); !ok) {
        base::log::error(kLog, r.local_no, ": ", ok.error());
        return;
    }
    std::string payload = dump(api::to_json(body));
    request_bytes_out_ += payload.size();
    auto answer = http_.post_json("/api/v1/requests", payload);
    base::wipe(payload);  // it held the full ID number and phone
    if (answer) request_bytes_in_ += answer->body.size();
    if (!answer) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) return;  // shutting down: 'sending' is retried at once on the next start
        }
        ++s.failed;
        retry(due, scrub(describe(answer.error()), due));
        return;
    }
    const long status = answer->status;
    if (status == 200 || status == 201) {
        const auto understood =
            api::parse_request_answer(Json::parse(answer->body, nullptr, false));
        if (!understood) {
            ++s.failed;
            retry(due, "county answer not understood (HTTP " + std::to_string(status) +
                           " without a case_no)");
            return;
        }
        const std::string& case_no = understood->case_no;
        if (auto ok = outbox_.mark_delivered(r.seq, case_no); !ok) {
            base::log::error(kLog, r.local_no, ": ", ok.error());
            return;
        }
        ++s.sent;
        base::log::info(kLog, r.local_no, " delivered as ", case_no,
                        status == 200 ? " (seen before)" : "");
        return;
    }
    ++s.failed;
    const std::string text = scrub(refusal_text(*answer), due);
    if (is_final_refusal(status)) {
        if (auto ok = outbox_.mark_needs_attention(r.seq, text); !ok) {
            base::log::error(kLog, r.local_no, ": ", ok.error());
        }
        base::log::warn(kLog, r.local_no, " refused by the county (", text, "): needs attention");
        note_failure(r.local_no + " refused by the county: " + text);
        return;
    }
    retry(due, text);
}

void SyncWorker::pull_replies(SyncSummary& s) {
    // A bounded number of pages per pass, so that a county that keeps answering full pages
    // cannot keep the thread from sending.
    for (int pages = 0; pages < 50; ++pages) {
        const auto read_cursor = outbox_.reply_cursor();
        if (!read_cursor) {
            s.storage_error = read_cursor.error();
            return;
        }
        const std::int64_t cursor = *read_cursor;
        auto answer = http_.get_json("/api/v1/replies?since=" + std::to_string(cursor) +
                                     "&limit=" + std::to_string(options_.replies_limit));
        if (!answer) {
            base::log::warn(kLog, "replies: ", describe(answer.error()));
            note_failure("replies: " + describe(answer.error()));
            return;
        }
        if (answer->status != 200) {
            base::log::warn(kLog, "replies: ", refusal_text(*answer));
            note_failure("replies: " + refusal_text(*answer));
            return;
        }
        const auto page = api::parse_replies_page(Json::parse(answer->body, nullptr, false));
        if (!page) {
            base::log::warn(kLog, "replies: county answer not understood (", page.error(), ")");
            return;
        }
        if (page->unreadable > 0) {
            base::log::warn(kLog, "replies: ", page->unreadable,
                            " entries that are not objects, skipped");
        }
        for (const auto& reply : page->replies) {
            auto ok = outbox_.apply_reply(reply.case_no, reply.state, reply.text, reply.replied_at,
                                          reply.idempotency_key);
            if (ok) {
                ++s.replies;
                base::log::info(kLog, "reply for ", reply.case_no, ": ", reply.state);
            } else {
                // Skipped rather than retried: waiting would block every later reply.
                base::log::warn(kLog, "reply skipped: ", ok.error());
            }
        }
        const std::int64_t next = page->next;
        const std::size_t listed = page->replies.size() + page->unreadable;
        if (next > cursor) {
            if (auto ok = outbox_.set_reply_cursor(next); !ok) {
                base::log::error(kLog, "reply cursor: ", ok.error());
                return;
            }
        }
        if (next <= cursor || std::cmp_less(listed, options_.replies_limit)) return;
    }
}

void SyncWorker::send_ratings(SyncSummary& s) {
    auto due = outbox_.ratings_due();
    if (!due) {
        s.storage_error = due.error();
        return;
    }
    for (const auto& r : *due) {
        const api::Evaluation body{.idempotency_key = r.idempotency_key, .rating = r.rating};
        auto answer = http_.post_json("/api/v1/requests/" + url_escape(r.case_no) + "/evaluation",
                                      dump(api::to_json(body)));
        if (!answer) {
            base::log::warn(kLog, r.case_no, " evaluation: ", describe(answer.error()));
            return;  // the network is away: the rest wait for the next pass too
        }
        if (answer->status == 200 || answer->status == 201) {
            if (auto ok = outbox_.mark_rating_sent(r.seq); !ok) {
                base::log::error(kLog, r.case_no, " evaluation: ", ok.error());
                continue;
            }
            ++s.ratings;
            base::log::info(kLog, r.case_no, " evaluation sent");
            continue;
        }
        const std::string text = refusal_text(*answer);
        // Here a 404 names the case, not the endpoint: the county does not know it, final.
        if (is_final_refusal(answer->status) || answer->status == 404) {
            (void)outbox_.mark_rating_refused(r.seq, text);
            base::log::warn(kLog, r.case_no, " evaluation refused (", text, ")");
        } else {
            base::log::warn(kLog, r.case_no, " evaluation: ", text, "; again next pass");
        }
    }
}

}  // namespace net
