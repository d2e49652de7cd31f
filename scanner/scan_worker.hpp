// The QR scan loop: a thread that pulls frames from a FrameSource at a capped rate, decodes them
// and hands each newly seen code to the UI. A code held in front of the camera is reported once,
// not twelve times a second; a camera that is missing or pulled out is reported and tried again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "scanner/code_reader.hpp"
#include "scanner/frame_source.hpp"

namespace scanner {

struct ScanWorkerOptions {
    // The same text is not reported again until it has been out of sight this long.
    std::chrono::milliseconds dedup_window{3000};
    double max_fps = 12;  // decoding is the CPU cost; a code needs no more than this
    // A lost or missing camera is opened again this often (only with an opener).
    std::chrono::milliseconds reopen_interval{3000};
    std::size_t max_queued = 32;  // if the UI stops taking codes, the oldest are dropped
    ReadOptions read{};

    // Called on the worker thread; keep them short (wake the UI, log). on_code fires after the
    // code is queued, so take() in the UI thread finds it.
    std::function<void()> on_code{};
    // A source error, once per distinct message until a frame arrives again (no log flood while
    // a camera stays unplugged). The message names the device or file.
    std::function<void(const std::string&)> on_error{};
};

class ScanWorker {
  public:
    using Opener = std::function<std::expected<FrameSourcePtr, std::string>()>;

    // With an opener the worker opens the source itself and opens it again after it is lost
    // (the camera case). Starts the thread at once.
    explicit ScanWorker(Opener open, ScanWorkerOptions options = {});
    // A source given once (files, tests): when it is lost, scanning ends.
    explicit ScanWorker(FrameSourcePtr source, ScanWorkerOptions options = {});
    ~ScanWorker();  // stops and joins
    ScanWorker(const ScanWorker&) = delete;
    ScanWorker& operator=(const ScanWorker&) = delete;

    // Codes reported since the last call, oldest first. Thread-safe.
    std::vector<ScannedCode> take();
    // Waits until at least one code is queued or the timeout passes, then takes.
    std::vector<ScannedCode> wait_and_take(std::chrono::milliseconds timeout);

    // The last source error, cleared when a frame arrives: for a "camera not connected" hint.
    std::optional<std::string> last_error() const;
    std::uint64_t frames_decoded() const;

    // Ends the thread; waits for a decode in progress. Idempotent.
    void stop();

  private:
    using Clock = std::chrono::steady_clock;

    void run();
    void report_error(const std::string& message);
    void handle_codes(std::vector<ScannedCode> codes, Clock::time_point now);
    // Waits until `until` or stop(); false when stopping.
    bool pause_until(Clock::time_point until);
    void wait_for_stop();

    Opener opener_;
    FrameSourcePtr source_;  // only the worker thread touches it once started
    ScanWorkerOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;    // stop() -> worker
    std::condition_variable queued_;  // worker -> wait_and_take()
    bool stopping_ = false;
    std::deque<ScannedCode> queue_;
    std::optional<std::string> last_error_;
    std::set<std::string> errors_since_frame_;  // reported once each until a frame arrives
    std::uint64_t frames_decoded_ = 0;

    std::map<std::string, Clock::time_point> last_seen_;  // worker thread only
    std::thread thread_;
};

}  // namespace scanner
