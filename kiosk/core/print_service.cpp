// Printing as the kiosk uses it.
#include "kiosk/core/print_service.hpp"

#include "base/log.hpp"
#include "printer/job.hpp"
#include "printer/layout.hpp"
#include "printer/transport.hpp"

namespace kiosk::core {

std::string resolve_transport(const std::string& spec, const std::filesystem::path& data_dir) {
    if (spec == "emulator" || spec == "emulator:") return "emulator:" + (data_dir / "printed").string();
    return spec;
}

std::expected<std::unique_ptr<PrintService>, std::string> PrintService::create(const PrintSettings& s, StateDb* state,
                                                                               printer::PrintWorker::ChangeFn on_change) {
    std::unique_ptr<PrintService> svc(new PrintService());
    auto profile = printer::find_profile(s.profiles_dir, s.profile);
    if (!profile) return std::unexpected(profile.error());
    svc->profile_ = *profile;
    auto font = printer::FontFace::open(s.font, s.font_index);
    if (!font) return std::unexpected(font.error());
    svc->font_ = std::move(*font);
    svc->transport_ = resolve_transport(s.transport, s.data_dir);
    svc->roll_length_m_ = s.roll_length_m;
    svc->data_dir_ = s.data_dir;
    svc->state_ = state;
    StateDb* db = state;
    const printer::Profile p = svc->profile_;
    svc->worker_ = std::make_unique<printer::PrintWorker>(
        printer::WorkerOptions{svc->transport_}, std::move(on_change), [db, p](int dots) {
            if (!db) return;
            if (auto ok = db->add_paper_used(p.dots_to_mm(dots)); !ok) {
                base::log::warn("printer", "paper counter not saved: ", ok.error());
            }
        });
    base::log::info("printer", "printer ", svc->transport_, ", profile ", svc->profile_.name, " (",
                    svc->profile_.width_dots, " dots, ", svc->profile_.dpi, " dpi",
                    svc->profile_.text_mode ? ", text mode" : ", raster", ")");
    return svc;
}

std::expected<PreparedSheet, std::string> PrintService::prepare(printer::Sheet sheet, std::string label) {
    auto raster = printer::render_sheet(sheet, profile_, *font_);
    if (!raster) return std::unexpected(raster.error().message);
    PreparedSheet p{std::move(label), std::move(sheet), std::move(*raster), 0};
    p.length_mm = profile_.dots_to_mm(p.raster.height());
    return p;
}

std::expected<printer::EncodedJob, std::string> PrintService::encode(const PreparedSheet& prepared) const {
    if (profile_.text_mode) return printer::encode_text_job(prepared.sheet, profile_);
    return printer::encode_raster_job(prepared.raster, profile_);
}

std::expected<std::uint64_t, std::string> PrintService::print(const PreparedSheet& prepared) {
    const auto requested = std::chrono::steady_clock::now();
    auto job = encode(prepared);
    if (!job) return std::unexpected(job.error());
    if (job->replaced_characters > 0) {
        base::log::warn("printer", prepared.label, ": ", job->replaced_characters,
                        " characters are not in the printer's font and print as '?'");
    }
    return worker_->submit(std::move(*job), prepared.label, requested);
}

printer::JobResult PrintService::print_now(const PreparedSheet& prepared, const std::string& transport) {
    using Outcome = printer::JobResult::Outcome;
    auto job = encode(prepared);
    if (!job) return {Outcome::failed, job.error(), std::nullopt, 0};
    const std::string spec = transport.empty() ? transport_ : resolve_transport(transport, data_dir_);
    auto t = printer::open_transport(spec);
    if (!t) return {Outcome::failed, t.error().message, std::nullopt, 0};
    auto result = printer::run_job(**t, *job);
    if (result.outcome == Outcome::printed && state_) {
        if (auto ok = state_->add_paper_used(profile_.dots_to_mm(job->paper_dots)); !ok) {
            base::log::warn("printer", "paper counter not saved: ", ok.error());
        }
    }
    return result;
}

double PrintService::paper_left_m() const {
    const double used = state_ ? state_->paper_used_mm() / 1000.0 : 0;
    return std::max(0.0, roll_length_m_ - used);
}

void PrintService::paper_refilled() {
    if (state_) {
        if (auto ok = state_->paper_refilled(); !ok) base::log::warn("printer", "paper counter not reset: ", ok.error());
    }
    worker_->retry_now();
}

}  // namespace kiosk::core
