// The printer thread: jobs queue here, print one at a time, and report progress without the
// screen ever waiting. A job stopped by paper out or an open cover waits; once the printer is
// ready again the whole sheet is printed again from the start, so the resident gets one whole
// sheet (the partial one is torn off when the roll is changed). No job is dropped silently.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "printer/job.hpp"
#include "printer/status.hpp"

namespace printer {

struct WorkerOptions {
    std::string transport;  // a spec for open_transport
    std::chrono::milliseconds retry_every{2000};
};

struct JobSnapshot {
    enum class State {
        queued,
        printing,
        waiting_for_printer,
        done,
        cancelled
    } state = State::queued;
    std::uint64_t id = 0;
    std::string label;
    std::size_t bytes_sent = 0, bytes_total = 0;
    int attempts = 0;
    std::string problem;  // why it waits, for the log and staff
    std::optional<PrinterStatus> printer;
    std::chrono::steady_clock::time_point requested{}, first_byte{};
};

class PrintWorker {
  public:
    using ChangeFn = std::function<void()>;
    using PaperFn = std::function<void(int dots)>;

    // `on_change` runs on the printer thread after every state change (wake the screen);
    // `on_paper` after each printed sheet with the paper it used.
    explicit PrintWorker(WorkerOptions options, ChangeFn on_change = {}, PaperFn on_paper = {});
    ~PrintWorker();
    PrintWorker(const PrintWorker&) = delete;
    PrintWorker& operator=(const PrintWorker&) = delete;

    // `requested` is when the resident asked (before encoding), for the tap-to-paper figure.
    std::uint64_t submit(
        EncodedJob job, std::string label,
        std::chrono::steady_clock::time_point requested = std::chrono::steady_clock::now());
    std::optional<JobSnapshot> job(std::uint64_t id) const;
    std::vector<JobSnapshot> jobs() const;
    void cancel(std::uint64_t id);
    void retry_now();  // staff changed the paper: try the waiting job at once
    const WorkerOptions& options() const { return options_; }

  private:
    struct Entry {
        JobSnapshot snap;
        EncodedJob bytes;
    };
    void run();
    Entry* find(std::uint64_t id);
    void changed();

    WorkerOptions options_;
    ChangeFn on_change_;
    PaperFn on_paper_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Entry> queue_;            // front is printing or waiting
    std::vector<JobSnapshot> finished_;  // the last few, for the screen and staff
    std::uint64_t next_id_ = 1;
    bool retry_ = false;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace printer
