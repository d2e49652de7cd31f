// The kiosk's thread for the county's content and the kiosk's heartbeat: it checks for new
// content every poll interval plus jitter (so hundreds of kiosks do not call at once), at once
// when staff ask or a heartbeat answer hints at news; it sends the heartbeat on its own cadence.
// It sleeps on a condition variable between times, and stops promptly (a transfer under way is
// cancelled) when destroyed. No frame waits on any of it: outcomes go to a callback.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "kiosk/core/content_updater.hpp"

namespace kiosk::core {

struct UpdateStatus {
    std::string last_check;  // RFC 3339, "" before the first
    std::string last_error;  // of the last check; "" when it went well
    long long checks = 0;
};

struct UpdateServiceOptions {
    UpdaterOptions updater;  // manifest_url empty: no content checks, heartbeat only
    std::chrono::milliseconds poll_interval{std::chrono::minutes(15)};
    std::chrono::milliseconds heartbeat_interval{std::chrono::minutes(15)};  // 0: none
    // The first heartbeat comes at start, the first check at a random moment within this.
    std::chrono::milliseconds first_within{std::chrono::seconds(30)};
    // Sends one heartbeat (on this thread), with how the content checks went; returns the
    // content version the county says it has published, when it says so. Empty: no heartbeat.
    std::function<std::optional<long long>(const UpdateStatus&)> send_heartbeat;
    // After each content check, on this thread.
    std::function<void(UpdateOutcome&)> on_outcome;
    unsigned seed = std::random_device{}();
};

class UpdateService {
  public:
    explicit UpdateService(UpdateServiceOptions options);
    ~UpdateService();
    UpdateService(const UpdateService&) = delete;
    UpdateService& operator=(const UpdateService&) = delete;

    // Checks for content at once (staff asked; a heartbeat hinted).
    void check_now();

    UpdateStatus status() const;

  private:
    void run();
    std::chrono::milliseconds jittered(std::chrono::milliseconds interval);

    UpdateServiceOptions options_;
    UpdaterState state_;
    std::mt19937_64 rng_;
    std::atomic<bool> cancel_{false};
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool check_requested_ = false;
    bool stop_ = false;
    UpdateStatus status_;
    std::thread thread_;
};

}  // namespace kiosk::core
