// The kiosk's core as one object: the content it explains, and the services the screens use —
// printing, 帮办代办 requests, 待遇查询 and every scanner — each doing its disk, device and
// network work on workers of its own that report back through one `wake` call (the app turns it
// into an event). The app makes one of these; kioskctl makes the services it needs alone.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/benefit_service.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/request_service.hpp"
#include "kiosk/core/scan_hub.hpp"
#include "kiosk/core/state_db.hpp"

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
    const Content& content() const { return content_; }
    const std::filesystem::path& content_source() const { return content_source_; }

    PrintService* printing() { return printing_.get(); }
    RequestService* requests() { return requests_.get(); }
    BenefitService* benefits() { return benefits_.get(); }
    ScanHub& scans() { return *scans_; }

  private:
    explicit KioskCore(CoreOptions options) : options_(std::move(options)) {}

    CoreOptions options_;
    Content content_;
    std::filesystem::path content_source_;
    std::unique_ptr<StateDb> state_;
    std::unique_ptr<PrintService> printing_;
    std::unique_ptr<RequestService> requests_;
    std::unique_ptr<BenefitService> benefits_;
    std::unique_ptr<ScanHub> scans_;
};

}  // namespace kiosk::core
