// The kiosk's core as one object: the content it explains, and the services the screens use —
// printing, 帮办代办 requests, 待遇查询 and every scanner — each doing its disk, device and
// network work on workers of its own that report back through one `wake` call (the app turns it
// into an event). The app makes one of these; kioskctl makes the services it needs alone.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/benefit_service.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/content_status.hpp"
#include "kiosk/core/content_store.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/request_service.hpp"
#include "kiosk/core/scan_hub.hpp"
#include "kiosk/core/staff_service.hpp"
#include "kiosk/core/state_db.hpp"
#include "kiosk/core/update_service.hpp"

namespace kiosk::core {

struct CoreOptions {
    Config config;
    std::filesystem::path share_dir;  // shipped data: the default bundle, printer profiles
    // Called from any thread when a worker has something new for the screens. Must be cheap
    // and must not call back into the core.
    std::function<void()> wake;
    // The content, when the caller has read it already (the app needs its characters early,
    // for the font atlas); otherwise open() reads it.
    std::optional<ActiveContent> content;
};

class KioskCore {
  public:
    // Content must load (the installed bundle, else the default one) and the state database
    // must open; printing and requests that cannot start are logged and left out (the screens
    // then offer no print button or no 帮办代办 tile).
    static std::expected<std::unique_ptr<KioskCore>, std::string> open(CoreOptions options);
    ~KioskCore();
    KioskCore(const KioskCore&) = delete;
    KioskCore& operator=(const KioskCore&) = delete;

    const Config& config() const { return options_.config; }
    // The content on screen. Changes only in adopt_waiting_content, on the caller's thread.
    const Content& content() const { return content_; }
    const std::filesystem::path& content_source() const { return content_source_; }

    using ContentStatus = core::ContentStatus;
    ContentStatus content_status(base::Date today) const;

    // New content the updater has applied, waiting for a safe moment to go on screen (no
    // resident's session): the app looks at it (for the characters its font atlas needs), then
    // adopts it. Null when nothing waits.
    std::shared_ptr<const Content> waiting_content() const;
    // Puts the waiting content on screen; false when nothing waits.
    // With `expected`, only that content: false when newer content replaced it meanwhile.
    bool adopt_waiting_content(const Content* expected = nullptr);
    // Null when neither content checks nor heartbeats are configured.
    UpdateService* updates() { return updates_.get(); }

    // The staff screens' service; never null.
    StaffService& staff() { return *staff_; }
    StateDb& state() { return *state_; }
    const std::filesystem::path& share_dir() const { return options_.share_dir; }
    // Content installed by someone other than the updater (staff, from a USB stick): it waits
    // for a safe moment like an update. Any thread.
    void offer_content(Applied applied);

    PrintService* printing() { return printing_.get(); }
    RequestService* requests() { return requests_.get(); }
    BenefitService* benefits() { return benefits_.get(); }
    ScanHub& scans() { return *scans_; }

  private:
    explicit KioskCore(CoreOptions options) : options_(std::move(options)) {}

    void start_updates();
    void on_update(UpdateOutcome& outcome);
    // On the update thread: the heartbeat, and the hint in its answer.
    std::optional<long long> send_heartbeat(const UpdateStatus& updates);
    // Logs, at most once a day, that the content is past its expiry.
    void warn_if_expired();

    CoreOptions options_;
    Content content_;
    std::filesystem::path content_source_;
    std::optional<net::ContentManifest> manifest_;  // of content_; nullopt for the default
    mutable std::mutex waiting_mutex_;
    // Set by the update thread or the staff worker, taken by the app.
    std::shared_ptr<ActiveContent> waiting_;
    ContentStatus shown_;  // of content_, for the update thread
    base::Date expiry_warned_on_{};
    std::unique_ptr<net::HttpClient> heartbeat_http_;
    std::unique_ptr<StateDb> state_;
    std::unique_ptr<PrintService> printing_;
    std::unique_ptr<RequestService> requests_;
    std::unique_ptr<BenefitService> benefits_;
    std::unique_ptr<ScanHub> scans_;
    std::unique_ptr<UpdateService> updates_;  // its thread reads the services above
    std::unique_ptr<StaffService> staff_;     // last: its worker uses all the others
};

}  // namespace kiosk::core
