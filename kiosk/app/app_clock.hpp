// The app's clock in milliseconds: real time, or virtual time that the script driver advances so
// that scripted waits and idle periods take no real time.
#pragma once

#include <chrono>
#include <cstdint>

namespace kiosk::app {

class AppClock {
  public:
    explicit AppClock(bool is_virtual) : virtual_(is_virtual) {}

    std::int64_t now_ms() const {
        if (virtual_) return virtual_ms_;
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count() +
               offset_ms_;
    }
    // Moves time forward: the script's `wait` and `idle`, and each virtual frame.
    void advance(std::int64_t ms) {
        if (virtual_) {
            virtual_ms_ += ms;
        } else {
            offset_ms_ += ms;
        }
    }
    bool is_virtual() const { return virtual_; }

  private:
    bool virtual_;
    std::int64_t virtual_ms_ =
        1'000'000;  // away from zero so "0 = never" sentinels stay unambiguous
    std::int64_t offset_ms_ = 0;
};

}  // namespace kiosk::app
