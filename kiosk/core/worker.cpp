// The worker thread behind the screens' disk and device work.
#include "kiosk/core/worker.hpp"

#include <pthread.h>

namespace kiosk::core {

Worker::Worker(std::string name, std::function<void()> wake)
    : name_(std::move(name)), wake_(std::move(wake)) {
    thread_ = std::thread([this] { loop(); });
    // Linux limits thread names to 15 characters; the name only helps `top -H` and gdb.
    pthread_setname_np(thread_.native_handle(), name_.substr(0, 15).c_str());
}

Worker::~Worker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void Worker::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(task));
    }
    changed_.notify_all();
}

void Worker::drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
}

std::size_t Worker::backlog() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + running_;
}

void Worker::loop() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            // Stopping still runs what was queued before: nothing posted is dropped.
            changed_.wait(lock, [&] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;
            task = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        task();
        // The wake goes before the task counts as done, so that whoever drains the worker
        // finds the screen's wake-up already sent: a report is never done but unannounced.
        if (wake_) wake_();
        {
            std::lock_guard lock(mutex_);
            --running_;
        }
        changed_.notify_all();
    }
}

}  // namespace kiosk::core
