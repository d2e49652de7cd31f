// Tells when nobody has touched the kiosk for long enough that the session must be wiped.
#pragma once

#include <cstdint>

namespace kiosk::core {

class IdleTimer {
  public:
    explicit IdleTimer(std::int64_t timeout_ms) : timeout_ms_(timeout_ms) {}

    void touch(std::int64_t now_ms) { last_activity_ms_ = now_ms; }
    bool expired(std::int64_t now_ms) const { return now_ms - last_activity_ms_ >= timeout_ms_; }
    std::int64_t deadline_ms() const { return last_activity_ms_ + timeout_ms_; }
    void set_timeout(std::int64_t timeout_ms) { timeout_ms_ = timeout_ms; }

  private:
    std::int64_t timeout_ms_;
    std::int64_t last_activity_ms_ = 0;
};

}  // namespace kiosk::core
