// 帮办代办 requests as the kiosk uses them: a resident's choices become a durable request in the
// outbox (the county gets it by the sync thread, exactly once), a receipt to print, replies and
// the resident's evaluation. The screens use the *_async calls and watch(), which never wait:
// storing runs on the storage worker and the screen shows what it last heard. kioskctl uses the
// plain calls, which wait on the disk on the calling thread. Both go through the same code.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/request_view.hpp"
#include "kiosk/core/sheets.hpp"
#include "kiosk/core/worker.hpp"
#include "scanner/id_number.hpp"

namespace net {
class Outbox;
class SyncWorker;
}  // namespace net

namespace kiosk::core {

// The service kinds of reference/002, plus 上门帮办 for those who cannot come.
inline constexpr std::array<std::string_view, 8> kServices = {
    "登记咨询", "表格填写", "材料审核", "要件传递", "信息查询", "证件邮寄", "打印复印", "上门帮办"};

// Applications are accepted within 3 working days (reference/003).
inline constexpr int kAcceptWorkingDays = 3;

struct RequestDraft {
    std::string item_id;
    std::string service;
    std::optional<scanner::IdNumber> id;
    base::Secret phone;
    std::vector<std::string> missing_materials;  // what the resident does not have yet
};

// "13800000000" → "138****0000".
std::string mask_phone(std::string_view phone);
bool valid_phone(std::string_view phone);

// The request the screen shows after a receipt was scanned, as core last read it.
struct WatchedRequest {
    enum class State { none, loading, found, missing, failed } state = State::none;
    std::optional<RequestView> view;
    std::string error;  // failed: why, for the log
};

// One sync pass, for kioskctl.
struct SyncReport {
    int sent = 0, failed = 0, replies = 0, ratings = 0;
    std::int64_t pending = 0;
};

class RequestService {
  public:
    using SubmitResult = std::expected<RequestView, std::string>;

    // The outbox always; syncing only when the county is configured: on a thread of its own
    // (the kiosk), or only when asked with sync_once()/until_empty() (kioskctl). `wake` is
    // called from the workers whenever something the screens show has changed.
    static std::expected<std::unique_ptr<RequestService>, std::string> create(
        const Config& config, std::function<void()> wake, bool background_sync = true);
    ~RequestService();
    RequestService(const RequestService&) = delete;
    RequestService& operator=(const RequestService&) = delete;

    // --- For the screens: these never wait on the disk.
    // Checks the draft now (an unknown item, no ID, a bad phone come back at once as errors)
    // and stores it on the storage worker; the Pending holds the request once it is on disk.
    Pending<SubmitResult> submit_async(const RequestDraft& draft, const Content& content,
                                       base::Date today);
    // Keeps `request_no` in memory for the screen: loaded on the worker now, and again whenever
    // the sync thread changes a request or the resident rates it.
    void watch(std::string request_no);
    void unwatch();
    WatchedRequest watched() const;
    // Stores the evaluation on the worker; the watched request shows it once stored.
    void rate_async(std::string request_no, std::string rating);

    // --- For kioskctl: the same work on the calling thread.
    SubmitResult submit(const RequestDraft& draft, const Content& content, base::Date today);
    std::expected<std::vector<RequestView>, std::string> list() const;
    std::expected<std::optional<RequestView>, std::string> find(
        const std::string& request_no) const;
    std::expected<void, std::string> rate(const std::string& request_no, const std::string& rating);
    bool connected_to_county() const { return sync_ != nullptr; }
    // Asks the sync thread for a pass now (staff pressed 立即同步); nothing without a county.
    void nudge();
    // One pass now (no county configured: an error).
    std::expected<SyncReport, std::string> sync_once();
    // Passes until nothing is left to send (true) or the time runs out (false).
    std::expected<bool, std::string> sync_until_empty(std::chrono::milliseconds timeout);
    // For the heartbeat (any thread): requests and evaluations not yet delivered, and how the
    // sync with the county last went.
    std::expected<std::int64_t, std::string> outbox_depth() const;
    struct SyncHealth {
        std::string last_sync;   // RFC 3339; "" before the first pass that went through
        std::string last_error;  // "" when none
        std::string last_error_at;
        // The last pass went through after the last error: the county answers now.
        bool recovered() const { return !last_sync.empty() && last_sync >= last_error_at; }
    };
    SyncHealth sync_health() const;
    // Bytes of request bodies out and answers back so far, for the bench's wire figure.
    std::pair<std::uint64_t, std::uint64_t> wire_bytes() const;

    Receipt receipt(const RequestView& request) const;
    // The worker the screens' storage runs on (tests hold it to see the screens keep going).
    Worker& storage_worker() { return *worker_; }

  private:
    RequestService() = default;
    void reload_watched();
    struct Prepared;
    std::expected<Prepared, std::string> prepare(const RequestDraft& draft, const Content& content,
                                                 base::Date today) const;
    SubmitResult store(Prepared& prepared);

    Config config_;
    std::function<void()> wake_;
    std::unique_ptr<net::Outbox> outbox_;
    std::unique_ptr<net::SyncWorker> sync_;
    std::unique_ptr<Worker> worker_;

    mutable std::mutex watch_mutex_;
    std::uint64_t watch_generation_ = 0;
    std::string watched_no_;
    WatchedRequest watched_;
};

// The requests submitted in a quarter ("2025Q3"), in the order given.
std::expected<std::vector<RequestView>, std::string> requests_in_quarter(
    const std::vector<RequestView>& requests, std::string_view quarter);
// The ledger's 办理结果 column: "办结：…", "需处理：…", "待送达".
std::string ledger_result_words(const RequestView& r);

// The ledger (台账) of reference/002 as CSV: 序号, 委托人 (masked), 帮办代办员, 事项, 受理时间,
// 办理时限, 办理结果, 回复时间, 备注 — for the requests submitted in a quarter ("2025Q3").
std::expected<std::string, std::string> ledger_csv(const std::vector<RequestView>& requests,
                                                   std::string_view quarter);

}  // namespace kiosk::core
