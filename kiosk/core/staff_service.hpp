// What the staff screens ask of the kiosk: the PIN at the door, the printer's paper and test
// page, the 帮办代办 queue and its sync, content from the county or a USB stick, the ledger, the
// device. Everything that touches a disk, the printer or the network runs on the staff worker
// and comes back as a Pending, so no frame waits; every action goes into the audit log.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/date.hpp"
#include "base/secret.hpp"
#include "kiosk/core/calendar.hpp"
#include "kiosk/core/config_edit.hpp"
#include "kiosk/core/content_status.hpp"
#include "kiosk/core/noticeboard.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/request_view.hpp"
#include "kiosk/core/staff_access.hpp"
#include "kiosk/core/staff_views.hpp"
#include "kiosk/core/update_service.hpp"
#include "kiosk/core/worker.hpp"

namespace kiosk::core {

class KioskCore;

// Staff mode closes after two minutes untouched.
inline constexpr std::int64_t kStaffIdleMs = 2 * 60 * 1000;

class StaffService {
  public:
    // `core` outlives this; `now_ms` is Unix milliseconds (tests move it).
    StaffService(KioskCore& core, std::function<void()> wake,
                 std::function<std::int64_t()> now_ms = {});
    ~StaffService();
    StaffService(const StaffService&) = delete;
    StaffService& operator=(const StaffService&) = delete;

    // --- The door.
    struct Door {
        enum class State { ask_pin, no_pin, locked, failed } state = State::failed;
        std::int64_t locked_until = 0;  // locked: Unix ms
        std::string error;              // failed: for the log
    };
    // On the hidden gesture or the staff card: whether there is a PIN to ask for.
    Pending<Door> knock();
    using PinResult = std::expected<StaffAccess::Attempt, std::string>;
    Pending<PinResult> try_pin(base::Secret pin);
    // Appends to the audit log on the worker ("screen" as the source).
    void record(std::string action, std::string outcome, std::string detail = {});

    // --- Printer.
    PrintService* printing();
    struct PrinterState {
        bool available = false;  // false: the kiosk has no printer it can use
        std::string transport, profile;
        std::string state_word;  // "ok", "printing", "waiting", "failed"
        std::optional<PrintJobView> last;
        double paper_left_m = 0, roll_m = 0;
    };
    Pending<PrinterState> printer_state();
    // Staff fixed the printer: the waiting sheet goes again now.
    void retry_printer();
    // Resets the paper counter (a new roll is in).
    Pending<bool> paper_refilled();
    std::optional<PrintTicket> test_print(base::Date today);
    // The newest request's receipt, masked as it was printed; an error when there is none.
    Pending<std::expected<PrintTicket, std::string>> reprint_last_receipt();

    // --- The 帮办代办 queue.
    bool has_requests() const;
    Pending<std::expected<QueueSummary, std::string>> queue(base::Date today,
                                                            WorkCalendar calendar);
    // A sync pass now; false when no county is configured.
    bool sync_now();
    struct SyncState {
        bool county = false;
        std::string last_sync, last_error;
        bool recovered = false;  // a pass went through after that error
    };
    SyncState sync_state() const;

    // --- Content.
    // Of the content on screen; from the screens' thread only.
    ContentStatus content_status(base::Date today) const;
    // Asks the county now; false when no manifest URL is configured.
    bool check_for_update();
    std::optional<UpdateStatus> update_status() const;
    // The signed update on the USB stick ([staff] usb_dir), checked and installed as a download
    // would be; on the screen between residents, like any update. The new version, or why not.
    Pending<std::expected<long long, std::string>> load_from_usb();

    // --- Ledger.
    Pending<std::expected<std::vector<RequestView>, std::string>> ledger(std::string quarter);
    // Writes 台账-<quarter>.csv to the USB stick; the path written, or why not.
    Pending<std::expected<std::filesystem::path, std::string>> export_ledger(std::string quarter);

    // --- The noticeboard: an item's page or the notices on A4, to the office printer (CUPS).
    Pending<NoticeboardPrinter::Result> print_a4(const Content& content, std::string what,
                                                 base::Date today);

    // --- Settings.
    // Writes the change into the config file the kiosk started from (checked as start-up
    // checks it; refused with start-up's words, the file as it was). It takes effect at the next
    // start. The new configuration, or why not.
    Pending<std::expected<Config, std::string>> save_settings(SettingsChange change);
    // The config file settings go to.
    std::filesystem::path config_file() const;

    // --- Device.
    Pending<DeviceInfo> device(long long content_version);

    Worker& worker() { return *worker_; }
    Worker& slow_worker() { return *slow_worker_; }

  private:
    std::int64_t now() const;
    // Appends to the audit log from a worker; a failure is logged, the action stands.
    void audit(std::string_view action, std::string_view outcome, std::string_view detail);

    KioskCore& core_;
    std::function<std::int64_t()> now_ms_;
    std::int64_t started_ms_ = 0;
    std::unique_ptr<Worker> worker_;  // the door, the printer, the queue, settings: quick work
    // What can take minutes (a slow USB stick's fsync, CUPS), so the door never waits on it.
    std::unique_ptr<Worker> slow_worker_;
};

}  // namespace kiosk::core
