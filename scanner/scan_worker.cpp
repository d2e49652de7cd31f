// The scan thread: pacing, de-duplication, error reporting and re-opening the camera.
#include "scanner/scan_worker.hpp"

#include <algorithm>
#include <exception>

#include "base/log.hpp"

namespace scanner {

ScanWorker::ScanWorker(Opener open, ScanWorkerOptions options)
    : opener_(std::move(open)), options_(std::move(options)) {
    thread_ = std::thread([this] { run(); });
}

ScanWorker::ScanWorker(FrameSourcePtr source, ScanWorkerOptions options)
    : source_(std::move(source)), options_(std::move(options)) {
    thread_ = std::thread([this] { run(); });
}

ScanWorker::~ScanWorker() {
    stop();
}

void ScanWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    queued_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

std::vector<ScannedCode> ScanWorker::take() {
    std::lock_guard lock(mutex_);
    std::vector<ScannedCode> out(std::make_move_iterator(queue_.begin()),
                                 std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
}

std::vector<ScannedCode> ScanWorker::wait_and_take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    queued_.wait_for(lock, timeout, [this] { return !queue_.empty() || stopping_; });
    std::vector<ScannedCode> out(std::make_move_iterator(queue_.begin()),
                                 std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
}

std::optional<std::string> ScanWorker::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

std::uint64_t ScanWorker::frames_decoded() const {
    std::lock_guard lock(mutex_);
    return frames_decoded_;
}

void ScanWorker::wait_for_stop() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return stopping_; });
}

bool ScanWorker::pause_until(Clock::time_point until) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_until(lock, until, [this] { return stopping_; });
}

void ScanWorker::report_error(const std::string& message) {
    {
        std::lock_guard lock(mutex_);
        last_error_ = message;
        // A set, not just the last message: a looping folder of broken files alternates
        // between messages and would otherwise report each one twelve times a second.
        if (errors_since_frame_.size() >= 64 || !errors_since_frame_.insert(message).second) return;
    }
    base::log::warn("scanner", message);
    if (options_.on_error) options_.on_error(message);
}

void ScanWorker::handle_codes(std::vector<ScannedCode> codes, Clock::time_point now) {
    // A code counts as new once it has been out of sight for the whole window: held in front of
    // the camera for ten seconds it is still one scan, shown again later it is a new one.
    std::erase_if(last_seen_,
                  [&](const auto& kv) { return now - kv.second >= options_.dedup_window; });
    std::vector<ScannedCode> fresh;
    for (auto& code : codes) {
        if (code.text.empty()) continue;
        const bool seen = last_seen_.contains(code.text);
        last_seen_[code.text] = now;
        if (!seen) fresh.push_back(std::move(code));
    }
    if (fresh.empty()) return;
    {
        std::lock_guard lock(mutex_);
        for (auto& code : fresh) {
            // The payload may be an ID number: its length and format only.
            base::log::debug("scanner", "read a ", code.format, " code, ", code.text.size(),
                             " bytes");
            queue_.push_back(std::move(code));
            if (queue_.size() > options_.max_queued) queue_.pop_front();
        }
    }
    queued_.notify_all();
    if (options_.on_code) options_.on_code();
}

void ScanWorker::run() {
    const double fps = std::clamp(options_.max_fps, 0.1, 120.0);
    const auto period =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps));
    auto next_frame_at = Clock::now();
    auto next_open_at = Clock::now();

    for (;;) {
        if (!source_) {
            if (!opener_) {
                // A given source that is lost cannot come back; idle until stopped.
                wait_for_stop();
                return;
            }
            if (Clock::now() < next_open_at) {
                if (!pause_until(next_open_at)) return;
                continue;
            }
            auto opened = opener_();
            if (!opened) {
                report_error(opened.error());
                next_open_at = Clock::now() + options_.reopen_interval;
                continue;
            }
            source_ = std::move(*opened);
            base::log::info("scanner", "scanning from ", source_->name());
        }

        auto frame = source_->next_frame();
        if (!frame) {
            report_error(frame.error());
            if (source_->lost() && opener_) {
                source_.reset();
                next_open_at = Clock::now() + options_.reopen_interval;
            } else if (source_->lost()) {
                wait_for_stop();
                return;
            }
        } else if (*frame) {
            {
                std::lock_guard lock(mutex_);
                last_error_.reset();
                errors_since_frame_.clear();
                ++frames_decoded_;
            }
            std::vector<ScannedCode> codes;
            try {
                codes = read_codes(**frame, options_.read);
            } catch (const std::exception& e) {
                // A decoder bug or memory running out must not end scanning for the day.
                report_error(source_->name() + ": decoding a frame failed: " + e.what());
            }
            handle_codes(std::move(codes), Clock::now());
        }

        // A fixed schedule rather than "sleep a period after each frame", so decode time does not
        // lower the rate; after a slow frame no burst to catch up, the schedule restarts from now.
        next_frame_at += period;
        const auto now = Clock::now();
        if (next_frame_at < now) next_frame_at = now;
        if (!pause_until(next_frame_at)) return;
    }
}

}  // namespace scanner
