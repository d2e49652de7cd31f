// A thread of its own for work that touches a disk, a device or a wire, so that no frame waits on
// it: tasks run one at a time in the order posted, and each one reports back by calling `wake`
// (the app turns that into an event, so the result is on screen within a frame). The screens never
// block on a result: they look at a Pending each frame, which costs one atomic load.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace kiosk::core {

// The result of work under way on a Worker: empty until the worker has finished, then the value,
// which never changes again. Copies share the one result.
template <class T>
class Pending {
  public:
    Pending() = default;  // nothing asked
    // A result to be fulfilled later by whichever thread does the work (it keeps a copy).
    static Pending make() {
        Pending p;
        p.state_ = std::make_shared<State>();
        return p;
    }
    // Once, from the thread that did the work.
    void fulfil(T value) const {
        state_->value.emplace(std::move(value));
        state_->ready.store(true, std::memory_order_release);
    }

    bool asked() const { return state_ != nullptr; }
    bool ready() const { return state_ && state_->ready.load(std::memory_order_acquire); }
    // The result once ready(); null before.
    const T* get() const { return ready() ? &*state_->value : nullptr; }
    void reset() { state_.reset(); }

  private:
    struct State {
        std::atomic<bool> ready{false};
        std::optional<T> value;
    };
    std::shared_ptr<State> state_;
};

class Worker {
  public:
    // `name` names the thread in logs; `wake` runs on the worker after each task.
    explicit Worker(std::string name, std::function<void()> wake = {});
    // Runs what is already queued, then stops: a request posted to be stored is stored.
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(std::function<void()> task);

    // Runs `fn` on the worker; its value lands in the Pending.
    template <class T>
    Pending<T> run(std::function<T()> fn) {
        auto pending = Pending<T>::make();
        post([pending, fn = std::move(fn)] { pending.fulfil(fn()); });
        return pending;
    }

    // Waits on the calling thread until every task posted before this call has run. For
    // kioskctl, tests and shutdown; never from a frame.
    void drain();
    // Tasks posted and not finished yet.
    std::size_t backlog() const;
    const std::string& name() const { return name_; }

  private:
    void loop();

    std::string name_;
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::function<void()>> queue_;
    std::size_t running_ = 0;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace kiosk::core
