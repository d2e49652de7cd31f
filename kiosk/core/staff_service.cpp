// The staff screens' work, on the staff worker.
#include "kiosk/core/staff_service.hpp"

#include <sys/statvfs.h>
#include <sys/sysinfo.h>

#include <algorithm>
#include <chrono>

#include "base/durable_file.hpp"
#include "base/log.hpp"
#include "kiosk/core/content_store.hpp"
#include "kiosk/core/data_paths.hpp"
#include "kiosk/core/kiosk_core.hpp"
#include "kiosk/core/sheets.hpp"

namespace kiosk::core {

StaffService::StaffService(KioskCore& core, std::function<void()> wake,
                           std::function<std::int64_t()> now_ms)
    : core_(core), now_ms_(std::move(now_ms)) {
    started_ms_ = now();
    worker_ = std::make_unique<Worker>("staff", wake);
    slow_worker_ = std::make_unique<Worker>("staff-usb", std::move(wake));
}

StaffService::~StaffService() = default;

std::int64_t StaffService::now() const {
    if (now_ms_) return now_ms_();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Pending<StaffService::Door> StaffService::knock() {
    return worker_->run<Door>([this] {
        StaffAccess access(core_.state(), now_ms_, "screen");
        auto set = access.pin_set();
        if (!set) return Door{Door::State::failed, 0, set.error()};
        if (!*set) return Door{Door::State::no_pin, 0, {}};
        auto lock = access.lock();
        if (!lock) return Door{Door::State::failed, 0, lock.error()};
        if (lock->locked_until > now()) return Door{Door::State::locked, lock->locked_until, {}};
        return Door{Door::State::ask_pin, 0, {}};
    });
}

Pending<StaffService::PinResult> StaffService::try_pin(base::Secret pin) {
    return worker_->run<PinResult>([this, pin = std::move(pin)] {
        StaffAccess access(core_.state(), now_ms_, "screen");
        return access.try_pin(pin);
    });
}

void StaffService::record(std::string action, std::string outcome, std::string detail) {
    worker_->post([this, action = std::move(action), outcome = std::move(outcome),
                   detail = std::move(detail)] { audit(action, outcome, detail); });
}

void StaffService::audit(std::string_view action, std::string_view outcome,
                         std::string_view detail) {
    const AuditEntry entry{now(), "screen", std::string(action), std::string(outcome),
                           std::string(detail)};
    if (auto ok = core_.state().add_audit(entry); !ok) {
        base::log::warn("staff", "audit log not written (", action, "): ", ok.error());
    }
}

PrintService* StaffService::printing() {
    return core_.printing();
}

Pending<StaffService::PrinterState> StaffService::printer_state() {
    return worker_->run<PrinterState>([this] {
        PrinterState s;
        auto* p = core_.printing();
        if (!p) return s;
        s.available = true;
        s.transport = p->summary().transport;
        s.profile = p->summary().profile;
        s.state_word = p->state_word();
        s.last = p->last_job();
        s.paper_left_m = p->paper_left_m();
        s.roll_m = p->roll_length_m();
        return s;
    });
}

void StaffService::retry_printer() {
    if (auto* p = core_.printing()) p->retry_now();
}

Pending<bool> StaffService::paper_refilled() {
    return worker_->run<bool>([this] {
        auto* p = core_.printing();
        if (!p) return false;
        p->paper_refilled();
        p->retry_now();  // a job waiting for paper goes now
        audit("printer.refilled", "ok", "");
        return true;
    });
}

std::optional<PrintTicket> StaffService::test_print(base::Date today) {
    auto* p = core_.printing();
    if (!p) return std::nullopt;
    const auto& config = core_.config();
    record("printer.test", "queued", p->summary().transport);
    return p->print_async(test_sheet(config.station.name, p->summary().transport, today), "测试页");
}

Pending<std::expected<PrintTicket, std::string>> StaffService::reprint_last_receipt() {
    using Result = std::expected<PrintTicket, std::string>;
    return worker_->run<Result>([this]() -> Result {
        auto* p = core_.printing();
        auto* r = core_.requests();
        if (!p || !r) return std::unexpected("这台机器不能打印回执");
        auto all = r->list();
        if (!all) return std::unexpected("读不出申请记录：" + all.error());
        if (all->empty()) return std::unexpected("还没有人提交过申请，没有回执可以补打");
        const auto newest = std::max_element(
            all->begin(), all->end(),
            [](const auto& a, const auto& b) { return a.submitted_at < b.submitted_at; });
        // The receipt as it was handed over: the masked ID only (the full number is long gone).
        const auto ticket = p->print_async(receipt_sheet(r->receipt(*newest)), "回执（补打）");
        audit("printer.reprint", "queued", newest->request_no);
        return ticket;
    });
}

bool StaffService::has_requests() const {
    return core_.requests() != nullptr;
}

Pending<std::expected<QueueSummary, std::string>> StaffService::queue(base::Date today,
                                                                      WorkCalendar calendar) {
    using Result = std::expected<QueueSummary, std::string>;
    return worker_->run<Result>([this, today, calendar = std::move(calendar)]() -> Result {
        auto* r = core_.requests();
        if (!r) return std::unexpected("申请记录打不开");
        auto all = r->list();
        if (!all) return std::unexpected("读不出申请记录：" + all.error());
        return summarise_queue(*all, today, calendar);
    });
}

bool StaffService::sync_now() {
    auto* r = core_.requests();
    if (!r || !r->connected_to_county()) return false;
    r->nudge();
    record("queue.sync", "asked");
    return true;
}

StaffService::SyncState StaffService::sync_state() const {
    auto* r = core_.requests();
    if (!r || !r->connected_to_county()) return {};
    const auto health = r->sync_health();
    return {true, health.last_sync, health.last_error, health.recovered()};
}

ContentStatus StaffService::content_status(base::Date today) const {
    return core_.content_status(today);
}

bool StaffService::check_for_update() {
    auto* u = core_.updates();
    if (!u || core_.config().update.manifest_url.empty()) return false;
    u->check_now();
    record("content.check", "asked");
    return true;
}

std::optional<UpdateStatus> StaffService::update_status() const {
    auto* u = core_.updates();
    if (!u || core_.config().update.manifest_url.empty()) return std::nullopt;
    return u->status();
}

Pending<std::expected<long long, std::string>> StaffService::load_from_usb() {
    using Result = std::expected<long long, std::string>;
    return slow_worker_->run<Result>([this]() -> Result {
        const auto& config = core_.config();
        const std::filesystem::path dir = config.staff.usb_dir;
        // Staff read the first part; the audit log keeps the cause in the engineers' words.
        auto fail = [&](std::string why, std::string detail = {}) -> Result {
            audit("content.usb", "refused", detail.empty() ? why : detail);
            return std::unexpected(detail.empty() ? std::move(why) : why + "（" + detail + "）");
        };
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            return fail("没找到U盘（" + dir.string() + "）：请插好U盘再试");
        }
        if (!std::filesystem::exists(dir / "manifest.json", ec)) {
            return fail("U盘里没有县里发的内容（manifest.json）：请县里重新拷一份");
        }
        auto files = update_files_in_folder(dir);
        if (!files) return fail("U盘里的内容不完整，请县里重新拷一份", files.error());
        auto keys = load_trusted_keys(config);
        if (!keys || keys->empty()) {
            return fail("这台机器还没有县里的公钥，不能核对内容，请联系县里的工程师",
                        keys ? "no [update] trusted_keys" : keys.error());
        }
        auto applied = apply_update(
            *files, {config.data_dir, core_.share_dir(), *keys, base::today_local(), {}});
        if (!applied) {
            const bool refused = applied.error().kind == ApplyError::Kind::refused;
            return fail(refused ? "U盘里的内容没通过核对（签名、版本或文件不对），没有装"
                                : "本机磁盘写不进去，没有装，请联系县里的工程师",
                        applied.error().message);
        }
        const long long version = applied->manifest.version;
        audit("content.usb", "ok",
              "v" + std::to_string(applied->from_version) + " -> v" + std::to_string(version));
        core_.offer_content(std::move(*applied));
        return version;
    });
}

Pending<std::expected<std::vector<RequestView>, std::string>> StaffService::ledger(
    std::string quarter) {
    using Result = std::expected<std::vector<RequestView>, std::string>;
    return worker_->run<Result>([this, quarter = std::move(quarter)]() -> Result {
        auto* r = core_.requests();
        if (!r) return std::unexpected("申请记录打不开");
        auto all = r->list();
        if (!all) return std::unexpected("读不出申请记录：" + all.error());
        return requests_in_quarter(*all, quarter);
    });
}

Pending<std::expected<std::filesystem::path, std::string>> StaffService::export_ledger(
    std::string quarter) {
    using Result = std::expected<std::filesystem::path, std::string>;
    return slow_worker_->run<Result>([this, quarter = std::move(quarter)]() -> Result {
        auto fail = [&](std::string why) -> Result {
            audit("ledger.export", "failed", why);
            return std::unexpected(std::move(why));
        };
        auto* r = core_.requests();
        if (!r) return fail("申请记录打不开");
        auto all = r->list();
        if (!all) return fail("读不出申请记录：" + all.error());
        auto csv = ledger_csv(*all, quarter);
        if (!csv) return fail(csv.error());
        const std::filesystem::path dir = core_.config().staff.usb_dir;
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) return fail("没找到U盘：请插好U盘再试");
        const auto file = dir / ("台账-" + quarter + ".csv");
        if (auto ok = base::write_file_durably(file, *csv); !ok) {
            return fail("没存上U盘，请换一个U盘再试（" + ok.error() + "）");
        }
        audit("ledger.export", "ok", file.filename().string());
        return file;
    });
}

Pending<NoticeboardPrinter::Result> StaffService::print_a4(const Content& content, std::string what,
                                                           base::Date today) {
    using Result = NoticeboardPrinter::Result;
    const auto& config = core_.config();
    A4Options options{config.printer.a4_queue, config.station.name, today, config.ui.font,
                      config.ui.font_index};
    // The sheet is made here, from the content on screen (it copies the text); the layout and
    // CUPS, which can take seconds, on the slow worker, which also logs how it went.
    auto document = a4_document(content, what, today);
    if (!document) {
        record("noticeboard.print", "refused", document.error().detail);
        auto refused = Pending<Result>::make();
        refused.fulfil(std::unexpected(document.error()));
        return refused;
    }
    return slow_worker_->run<Result>([this, document = std::move(*document),
                                      options = std::move(options)]() -> Result {
        auto printed = kiosk::core::print_a4(document, options);
        if (printed) {
            audit("noticeboard.print", "sent",
                  document.label + " -> " + printed->queue + "-" + std::to_string(printed->job_id));
        } else {
            audit("noticeboard.print", "failed", printed.error().detail);
        }
        return printed;
    });
}

std::filesystem::path StaffService::config_file() const {
    const auto& source = core_.config().source;
    return source.empty() ? locate_config("").path : source;
}

Pending<std::expected<Config, std::string>> StaffService::save_settings(SettingsChange change) {
    using Result = std::expected<Config, std::string>;
    return worker_->run<Result>([this, change = std::move(change)]() -> Result {
        const auto file = config_file();
        auto written = write_settings(file, change, core_.share_dir());
        std::string keys;
        for (const auto& key : changed_keys(change)) keys += (keys.empty() ? "" : " ") + key;
        if (!written) {
            audit("settings.save", "refused", keys + ": " + written.error().message);
            return std::unexpected(written.error().message);
        }
        audit("settings.save", "ok", keys);
        return std::move(*written);
    });
}

Pending<DeviceInfo> StaffService::device(long long content_version) {
    return worker_->run<DeviceInfo>([this, content_version] {
        const auto& config = core_.config();
        DeviceInfo d;
        d.kiosk_id = config.county.kiosk_id;
        d.software_version = MINGBAI_VERSION;
        d.content_version = content_version;
        d.county = config.county.url;
        if (auto* r = core_.requests(); r && r->connected_to_county()) {
            const auto health = r->sync_health();
            d.county_reached = health.last_sync;
            if (!health.recovered()) d.county_problem = health.last_error;
        }
        struct statvfs fs {};
        if (::statvfs(config.data_dir.c_str(), &fs) == 0) {
            d.disk_free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
            d.disk_total_bytes = static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize;
        }
        struct sysinfo info {};
        if (::sysinfo(&info) == 0) d.uptime_seconds = info.uptime;
        d.kiosk_running_seconds = (now() - started_ms_) / 1000;
        d.log_lines = base::log::recent_lines();
        return d;
    });
}

}  // namespace kiosk::core
