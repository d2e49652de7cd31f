// The update and heartbeat thread.
#include "kiosk/core/update_service.hpp"

#include "base/log.hpp"
#include "base/rfc3339.hpp"

namespace kiosk::core {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

UpdateService::UpdateService(UpdateServiceOptions options)
    : options_(std::move(options)), rng_(options_.seed) {
    options_.updater.fetch.cancel = &cancel_;
    thread_ = std::thread([this] { run(); });
}

UpdateService::~UpdateService() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cancel_ = true;
    wake_.notify_all();
    thread_.join();
}

void UpdateService::check_now() {
    {
        std::lock_guard lock(mutex_);
        check_requested_ = true;
    }
    wake_.notify_all();
}

UpdateStatus UpdateService::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

milliseconds UpdateService::jittered(milliseconds interval) {
    std::uniform_int_distribution<std::int64_t> extra(
        0, std::max<std::int64_t>(0, interval.count() / 4));
    return interval + milliseconds(extra(rng_));
}

void UpdateService::run() {
    const bool polls = !options_.updater.manifest_url.empty();
    const bool beats = options_.send_heartbeat && options_.heartbeat_interval.count() > 0;
    std::uniform_int_distribution<std::int64_t> first(0, options_.first_within.count());
    // The heartbeat at once (the county learns the kiosk is up, and its answer may say there is
    // news); the first content check at a random moment soon after, so kiosks that come back
    // together after a power cut do not all fetch at once.
    auto next_check = clock::now() + milliseconds(first(rng_));
    auto next_beat = clock::now();
    const auto never = clock::time_point::max();

    std::unique_lock lock(mutex_);
    while (!stop_) {
        const auto wake_at = std::min(polls ? next_check : never, beats ? next_beat : never);
        wake_.wait_until(lock, wake_at, [&] { return stop_ || check_requested_; });
        if (stop_) break;
        const auto now = clock::now();
        bool check = polls && (check_requested_ || now >= next_check);
        const bool beat = beats && now >= next_beat;
        check_requested_ = false;
        lock.unlock();

        if (beat) {
            next_beat = clock::now() + jittered(options_.heartbeat_interval);
            const auto hint = options_.send_heartbeat(status());
            const auto here =
                current_version(options_.updater.data_dir, options_.updater.share_dir);
            if (polls && hint && here && *hint > *here) {
                base::log::info("update", "the county has content version ", *hint, " (here ",
                                *here, "): checking now");
                check = true;
            }
        }
        if (check) {
            next_check = clock::now() + jittered(options_.poll_interval);
            auto outcome = check_for_update(options_.updater, state_);
            {
                std::lock_guard status_lock(mutex_);
                status_.last_check = base::now_rfc3339();
                status_.last_error =
                    outcome.kind == UpdateOutcome::refused || outcome.kind == UpdateOutcome::failed
                        ? outcome.message
                        : "";
                ++status_.checks;
            }
            if (outcome.kind == UpdateOutcome::refused) {
                base::log::error("update", "new content refused: ", outcome.message,
                                 " (the content here stays)");
            } else if (outcome.kind == UpdateOutcome::failed) {
                base::log::warn("update", "content check failed: ", outcome.message);
            }
            if (options_.on_outcome) options_.on_outcome(outcome);
        }
        lock.lock();
    }
}

}  // namespace kiosk::core
