// The kiosk's core, wired from the config.
#include "kiosk/core/kiosk_core.hpp"

#include <algorithm>

#include "base/log.hpp"
#include "base/rfc3339.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "net/heartbeat.hpp"

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
    core->manifest_ = std::move(content->manifest);
    core->shown_ = core->content_status(base::today_local());
    core->warn_if_expired();
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
    tidy_content_dir(config.data_dir);  // what an interrupted update left, before the next one
    core->start_updates();
    core->staff_ = std::make_unique<StaffService>(*core, wake);
    return core;
}

void KioskCore::start_updates() {
    const Config& config = options_.config;
    UpdateServiceOptions options;
    if (!config.update.manifest_url.empty()) {
        auto keys = load_trusted_keys(config);
        if (!keys) {
            base::log::error("update", "content updates off: ", keys.error());
        } else if (keys->empty()) {
            base::log::error("update",
                             "content updates off: [update] trusted_keys names no county key");
        } else {
            options.updater = updater_options(config, options_.share_dir, std::move(*keys));
        }
    }
    options.poll_interval = std::chrono::minutes(config.update.poll_minutes);
    options.heartbeat_interval = std::chrono::minutes(config.update.heartbeat_minutes);
    options.on_outcome = [this](UpdateOutcome& outcome) { on_update(outcome); };
    if (!config.county.url.empty() && config.update.heartbeat_minutes > 0) {
        heartbeat_http_ = std::make_unique<net::HttpClient>(county_http_options(config));
        options.send_heartbeat = [this](const UpdateStatus& updates) {
            return send_heartbeat(updates);
        };
    }
    if (options.updater.manifest_url.empty() && !options.send_heartbeat) return;
    updates_ = std::make_unique<UpdateService>(std::move(options));
}

void KioskCore::warn_if_expired() {
    const base::Date today = base::today_local();
    ContentStatus status;
    {
        std::lock_guard lock(waiting_mutex_);
        status = shown_;
        if (today <= status.expires || expiry_warned_on_ == today) return;
        expiry_warned_on_ = today;
    }
    // Kept on screen: old content beats none, and a resident is told so on the home screen.
    base::log::error("content", "content version ", status.version, " expired on ",
                     status.expires.to_string(),
                     ": it stays on screen; staff, ask the county for new content");
}

std::optional<long long> KioskCore::send_heartbeat(const UpdateStatus& updates) {
    warn_if_expired();
    net::api::Heartbeat beat;
    beat.kiosk_id = options_.config.county.kiosk_id;
    beat.software_version = MINGBAI_VERSION;
    {
        std::lock_guard lock(waiting_mutex_);
        beat.content_version = shown_.version;
        beat.content_expires = shown_.expires.to_string();
    }
    beat.content_expired = base::today_local() > *base::parse_date(beat.content_expires);
    if (printing_) {
        beat.printer_state = printing_->state_word();
        const double roll = printing_->roll_length_m();
        if (roll > 0) {
            beat.paper_left_percent =
                static_cast<int>(std::clamp(printing_->paper_left_m() / roll * 100, 0.0, 100.0));
        }
    } else {
        beat.printer_state = "none";
    }
    std::string error;
    if (requests_) {
        if (auto depth = requests_->outbox_depth()) {
            beat.outbox_depth = *depth;
        } else {
            error = "outbox: " + depth.error();
        }
        auto health = requests_->sync_health();
        beat.last_sync = health.last_sync;
        // An error the sync has since got past is history: the county sees only current trouble.
        if (error.empty() && !health.recovered()) error = health.last_error;
    }
    if (!updates.last_error.empty()) error = "content: " + updates.last_error;
    beat.last_error = net::api::heartbeat_error_line(error);
    beat.sent_at = base::now_rfc3339();
    auto reply = net::send_heartbeat(*heartbeat_http_, beat);
    if (!reply) {
        base::log::warn("heartbeat", reply.error());
        return std::nullopt;
    }
    return reply->content_version;
}

void KioskCore::on_update(UpdateOutcome& outcome) {
    warn_if_expired();
    if (outcome.kind != UpdateOutcome::updated || !outcome.applied) return;
    offer_content(std::move(*outcome.applied));
}

void KioskCore::offer_content(Applied applied) {
    auto next = std::make_shared<ActiveContent>();
    next->content = std::move(applied.content);
    next->source = installed_bundle_path(options_.config.data_dir);
    next->manifest = std::move(applied.manifest);
    {
        std::lock_guard lock(waiting_mutex_);
        waiting_ = std::move(next);
    }
    if (options_.wake) options_.wake();
}

KioskCore::ContentStatus KioskCore::content_status(base::Date today) const {
    ContentStatus status;
    status.version = content_.info.version;
    status.expires = content_.info.expiry_date;  // the manifest's already, when earlier
    status.expired = today > status.expires;
    status.key_id = manifest_ ? manifest_->key_id : "";
    return status;
}

std::shared_ptr<const Content> KioskCore::waiting_content() const {
    std::lock_guard lock(waiting_mutex_);
    if (!waiting_) return nullptr;
    return std::shared_ptr<const Content>(waiting_, &waiting_->content);
}

bool KioskCore::adopt_waiting_content(const Content* expected) {
    std::shared_ptr<ActiveContent> next;
    {
        std::lock_guard lock(waiting_mutex_);
        // Newer content came while the caller readied its font atlas for this one: not yet.
        if (!waiting_ || (expected && &waiting_->content != expected)) return false;
        next = std::move(waiting_);
    }
    // Moved when nobody else still looks at it, else copied.
    const bool alone = next.use_count() == 1;
    content_ = alone ? std::move(next->content) : next->content;
    content_source_ = next->source;
    manifest_ = next->manifest;
    {
        std::lock_guard lock(waiting_mutex_);
        shown_ = content_status(base::today_local());
    }
    base::log::info("content", "content version ", content_.info.version, " on screen now");
    return true;
}

KioskCore::~KioskCore() {
    if (heartbeat_http_) heartbeat_http_->cancel();  // a heartbeat under way ends now
    staff_.reset();    // its worker finishes what staff asked, with every service still there
    updates_.reset();  // it reads the services below for its heartbeat
    // Scanners first (they hand payloads in), then the services whose threads report out.
    scans_.reset();
    requests_.reset();
    printing_.reset();
}

}  // namespace kiosk::core
