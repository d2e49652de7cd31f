// The kiosk's core, wired from the config.
#include "kiosk/core/kiosk_core.hpp"

#include "base/log.hpp"
#include "kiosk/core/bundle_reader.hpp"

namespace kiosk::core {

std::expected<std::unique_ptr<KioskCore>, std::string> KioskCore::open(CoreOptions options) {
    std::unique_ptr<KioskCore> core(new KioskCore(std::move(options)));
    const Config& config = core->options_.config;
    const auto& wake = core->options_.wake;

    // Content: the installed bundle, else the one shipped with the program. A bad bundle is
    // logged and passed over; the kiosk never starts without something to explain.
    std::expected<ActiveContent, std::string> content =
        core->options_.content ? std::move(*core->options_.content)
                               : load_active_content(config.data_dir, core->options_.share_dir);
    core->options_.content.reset();
    if (!content) return std::unexpected(content.error());
    for (const auto& why : content->refused) base::log::warn("content", "bundle not used: ", why);
    core->content_ = std::move(content->content);
    core->content_source_ = content->source;
    if (base::today_local() > core->content_.info.expiry_date) {
        base::log::warn("content", "bundle expired on ",
                        core->content_.info.expiry_date.to_string(),
                        "; residents are told so on the home screen");
    }
    base::log::info("content", "bundle ", content->source.string(), ": version ",
                    core->content_.info.version, ", ", core->content_.items.size(), " items, ",
                    core->content_.info.county);

    auto state = StateDb::open(config.data_dir);
    if (!state) return std::unexpected(state.error());
    core->state_ = std::move(*state);

    // Printing is a capability like any other: when it cannot start, the kiosk runs without
    // print buttons and says why in the log.
    const PrintSettings print{config.printer.transport,
                              config.printer.profile,
                              config.printer.roll_length_m,
                              core->options_.share_dir / "printer-profiles",
                              config.data_dir,
                              config.ui.font,
                              config.ui.font_index};
    if (auto printing = PrintService::create(print, core->state_.get(), wake)) {
        core->printing_ = std::move(*printing);
    } else {
        base::log::error("printer", "printing unavailable: ", printing.error());
    }
    if (auto requests = RequestService::create(config, wake)) {
        core->requests_ = std::move(*requests);
    } else {
        base::log::error("request", "帮办代办 unavailable: ", requests.error());
    }
    core->benefits_ = std::make_unique<BenefitService>(config, wake);
    core->scans_ = std::make_unique<ScanHub>(config.scanner, wake);
    return core;
}

KioskCore::~KioskCore() {
    // Scanners first (they hand payloads in), then the services whose threads report out.
    scans_.reset();
    requests_.reset();
    printing_.reset();
}

}  // namespace kiosk::core
