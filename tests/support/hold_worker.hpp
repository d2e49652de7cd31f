// Holds a core worker busy until released, as a disk that does not answer would: everything
// posted after it waits. For the tests that show the screens go on meanwhile.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>

#include "kiosk/core/worker.hpp"

namespace test {

class HoldWorker {
  public:
    // Returns once the worker is held.
    explicit HoldWorker(kiosk::core::Worker& worker) : state_(std::make_shared<State>()) {
        // The task keeps the state alive: it may still be waking up after this object is gone.
        worker.post([s = state_] {
            std::unique_lock lock(s->mutex);
            s->held = true;
            s->changed.notify_all();
            s->changed.wait(lock, [&] { return s->released; });
        });
        std::unique_lock lock(state_->mutex);
        state_->changed.wait(lock, [&] { return state_->held; });
    }
    ~HoldWorker() { release(); }
    HoldWorker(const HoldWorker&) = delete;
    HoldWorker& operator=(const HoldWorker&) = delete;

    void release() {
        std::lock_guard lock(state_->mutex);
        state_->released = true;
        state_->changed.notify_all();
    }

  private:
    struct State {
        std::mutex mutex;
        std::condition_variable changed;
        bool held = false, released = false;
    };
    std::shared_ptr<State> state_;
};

}  // namespace test
