// The printer thread.
#include "printer/print_worker.hpp"

#include "base/log.hpp"
#include "printer/print_job.hpp"
#include "printer/transport.hpp"

namespace printer {

PrintWorker::PrintWorker(WorkerOptions options, ChangeFn on_change, PaperFn on_paper)
    : options_(std::move(options)),
      on_change_(std::move(on_change)),
      on_paper_(std::move(on_paper)),
      thread_([this] { run(); }) {}

PrintWorker::~PrintWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    for (const auto& e : queue_) {
        base::log::warn("printer", "job ", e.snap.id, " (", e.snap.label,
                        ") not printed at shutdown");
    }
}

std::uint64_t PrintWorker::submit(EncodedJob job, std::string label,
                                  std::chrono::steady_clock::time_point requested) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        Entry e;
        e.snap.id = id;
        e.snap.label = std::move(label);
        e.snap.bytes_total = job.total_bytes();
        e.snap.requested = requested;
        e.bytes = std::move(job);
        queue_.push_back(std::move(e));
    }
    wake_.notify_all();
    changed();
    return id;
}

PrintWorker::Entry* PrintWorker::find(std::uint64_t id) {
    for (auto& e : queue_) {
        if (e.snap.id == id) return &e;
    }
    return nullptr;
}

std::optional<JobSnapshot> PrintWorker::job(std::uint64_t id) const {
    std::lock_guard lock(mutex_);
    for (const auto& e : queue_) {
        if (e.snap.id == id) return e.snap;
    }
    for (const auto& s : finished_) {
        if (s.id == id) return s;
    }
    return std::nullopt;
}

std::vector<JobSnapshot> PrintWorker::jobs() const {
    std::lock_guard lock(mutex_);
    std::vector<JobSnapshot> out(finished_.begin(), finished_.end());
    for (const auto& e : queue_) out.push_back(e.snap);
    return out;
}

void PrintWorker::cancel(std::uint64_t id) {
    {
        std::lock_guard lock(mutex_);
        // The front job may be mid-send; it is cancelled once it stops or finishes.
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
            if (it->snap.id == id &&
                (it != queue_.begin() || it->snap.state != JobSnapshot::State::printing)) {
                it->snap.state = JobSnapshot::State::cancelled;
                finished_.push_back(it->snap);
                queue_.erase(it);
                break;
            }
        }
    }
    wake_.notify_all();
    changed();
}

void PrintWorker::retry_now() {
    {
        std::lock_guard lock(mutex_);
        retry_ = true;
    }
    wake_.notify_all();
}

void PrintWorker::changed() {
    if (on_change_) on_change_();
}

void PrintWorker::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        Entry& e = queue_.front();
        const std::uint64_t id = e.snap.id;
        if (e.snap.state == JobSnapshot::State::waiting_for_printer && !retry_) {
            // Look again after a while, or at once when staff say the paper is in.
            wake_.wait_for(lock, options_.retry_every, [&] { return stop_ || retry_; });
            if (stop_) return;
            if (queue_.empty() || queue_.front().snap.id != id) continue;  // cancelled meanwhile
        }
        retry_ = false;
        Entry& job = queue_.front();
        job.snap.state = JobSnapshot::State::printing;
        job.snap.bytes_sent = 0;
        ++job.snap.attempts;
        const EncodedJob bytes = job.bytes;
        lock.unlock();
        changed();

        JobResult result;
        auto transport = open_transport(options_.transport);
        if (!transport) {
            result = {JobResult::Outcome::failed, transport.error().message, std::nullopt, 0};
        } else {
            result = run_job(**transport, bytes, [&](std::size_t sent, std::size_t total) {
                std::lock_guard progress_lock(mutex_);
                if (auto* p = find(id)) {
                    if (p->snap.bytes_sent == 0 && sent > 0)
                        p->snap.first_byte = std::chrono::steady_clock::now();
                    p->snap.bytes_sent = sent;
                    p->snap.bytes_total = total;
                }
                if (on_change_) on_change_();
            });
        }

        lock.lock();
        Entry* p = find(id);
        if (!p) continue;
        p->snap.printer = result.status;
        if (result.outcome == JobResult::Outcome::printed) {
            p->snap.state = JobSnapshot::State::done;
            p->snap.problem.clear();
            base::log::info("printer", "job ", id, " (", p->snap.label, ") ", result.message);
            finished_.push_back(p->snap);
            if (finished_.size() > 20) finished_.erase(finished_.begin());
            queue_.pop_front();  // `p` dangles from here on
            lock.unlock();
            if (on_paper_) on_paper_(bytes.paper_dots);
            changed();
            lock.lock();
        } else {
            p->snap.state = JobSnapshot::State::waiting_for_printer;
            p->snap.problem = result.message;
            // Staff read the log and the staff screen; the resident is told on screen.
            base::log::warn("printer", "job ", id, " (", p->snap.label, ") waits: ", result.message,
                            "; it will print again from the start once the printer is ready");
            lock.unlock();
            changed();
            lock.lock();
        }
    }
}

}  // namespace printer
