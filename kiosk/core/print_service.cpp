// Printing as the kiosk uses it.
#include "kiosk/core/print_service.hpp"

#include <algorithm>

#include "base/log.hpp"
#include "printer/font_face.hpp"
#include "printer/job.hpp"
#include "printer/layout.hpp"
#include "printer/print_job.hpp"
#include "printer/print_worker.hpp"
#include "printer/profile.hpp"
#include "printer/transport.hpp"

namespace kiosk::core {

struct PrintService::Impl {
    printer::Profile profile;
    std::string transport;
    std::filesystem::path data_dir;
    double roll_length_m = 50;
    StateDb* state = nullptr;
    std::function<void()> wake;
    std::unique_ptr<printer::FontFace> font;  // used on the layout worker only (and kioskctl)
    std::unique_ptr<printer::PrintWorker> printer;

    // Tickets the screens follow: until the printer thread has the job, what became of it.
    struct Ticket {
        std::optional<std::uint64_t> job;  // the printer thread's job
        std::string error;                 // layout or encoding failed
    };
    mutable std::mutex tickets_mutex;
    std::map<PrintTicket, Ticket> tickets;
    PrintTicket next_ticket = 1;
};

std::string resolve_transport(const std::string& spec, const std::filesystem::path& data_dir) {
    if (spec == "emulator" || spec == "emulator:") {
        return "emulator:" + (data_dir / "printed").string();
    }
    return spec;
}

std::expected<void, std::string> check_printer_spec(const std::string& spec) {
    if (auto ok = printer::check_spec(spec); !ok) {
        return std::unexpected(printer::bad_spec_message(spec, ok.error()));
    }
    return {};
}

std::expected<PrinterCheck, std::string> check_printer(const std::string& spec, int timeout_ms) {
    auto t = printer::open_transport(spec);
    if (!t) return std::unexpected(t.error().message);
    auto status = printer::query_status(**t, timeout_ms);
    if (!status) return std::unexpected(spec + ": " + status.error());
    if (!*status) return PrinterCheck{};
    return PrinterCheck{true, (*status)->can_print(), (*status)->describe()};
}

std::expected<std::unique_ptr<PrintService>, std::string> PrintService::create(
    const PrintSettings& s, StateDb* state, std::function<void()> wake) {
    std::unique_ptr<PrintService> svc(new PrintService());
    svc->impl_ = std::make_unique<Impl>();
    Impl& m = *svc->impl_;
    auto profile = printer::find_profile(s.profiles_dir, s.profile);
    if (!profile) return std::unexpected(profile.error());
    m.profile = *profile;
    auto font = printer::FontFace::open(s.font, s.font_index);
    if (!font) return std::unexpected(font.error());
    m.font = std::move(*font);
    m.transport = resolve_transport(s.transport, s.data_dir);
    m.roll_length_m = s.roll_length_m;
    m.data_dir = s.data_dir;
    m.state = state;
    m.wake = wake;
    const printer::Profile p = m.profile;
    m.printer = std::make_unique<printer::PrintWorker>(
        printer::WorkerOptions{m.transport}, wake, [state, p](int dots) {
            if (!state) return;
            if (auto ok = state->add_paper_used(p.dots_to_mm(dots)); !ok) {
                base::log::warn("printer", "paper counter not saved: ", ok.error());
            }
        });
    svc->worker_ = std::make_unique<Worker>("layout", std::move(wake));
    base::log::info("printer", "printer ", m.transport, ", profile ", m.profile.name, " (",
                    m.profile.width_dots, " dots, ", m.profile.dpi, " dpi",
                    m.profile.text_mode ? ", text mode" : ", raster", ")");
    return svc;
}

PrintService::~PrintService() {
    worker_.reset();  // queued layouts finish and reach the printer thread first
}

std::expected<PreparedSheet, std::string> PrintService::prepare(printer::Sheet sheet,
                                                                std::string label) {
    auto raster = printer::render_sheet(sheet, impl_->profile, *impl_->font);
    if (!raster) return std::unexpected(raster.error().message);
    PreparedSheet p{std::move(label), std::move(sheet), std::move(*raster), 0, nullptr};
    auto job = encode(p);
    if (!job) return std::unexpected(job.error());
    // The job's own count: a text-mode printer feeds its font's lines, not the raster's rows.
    p.length_mm = impl_->profile.dots_to_mm(job->paper_dots);
    p.job = std::make_shared<const printer::EncodedJob>(std::move(*job));
    return p;
}

std::expected<printer::EncodedJob, std::string> PrintService::encode(
    const PreparedSheet& prepared) const {
    if (prepared.job) return *prepared.job;
    if (impl_->profile.text_mode) return printer::encode_text_job(prepared.sheet, impl_->profile);
    return printer::encode_raster_job(prepared.raster, impl_->profile);
}

Pending<PrintService::PrepareResult> PrintService::prepare_async(printer::Sheet sheet,
                                                                 std::string label) {
    auto shared = std::make_shared<printer::Sheet>(std::move(sheet));
    return worker_->run<PrepareResult>([this, shared, label = std::move(label)]() -> PrepareResult {
        auto prepared = prepare(std::move(*shared), label);
        if (!prepared) {
            base::log::error("printer", label, " cannot be laid out: ", prepared.error());
            return std::unexpected(prepared.error());
        }
        return std::make_shared<const PreparedSheet>(std::move(*prepared));
    });
}

PrintTicket PrintService::new_ticket() {
    std::lock_guard lock(impl_->tickets_mutex);
    const PrintTicket t = impl_->next_ticket++;
    impl_->tickets[t] = {};
    // A screen follows only its latest job or two; keep a few for staff.
    while (impl_->tickets.size() > 32) impl_->tickets.erase(impl_->tickets.begin());
    return t;
}

void PrintService::queue(PrintTicket ticket, const PreparedSheet& prepared,
                         std::chrono::steady_clock::time_point asked) {
    auto job = encode(prepared);
    if (!job) {
        base::log::error("printer", prepared.label, " not queued: ", job.error());
        std::lock_guard lock(impl_->tickets_mutex);
        impl_->tickets[ticket].error = job.error();
        return;
    }
    if (job->replaced_characters > 0) {
        base::log::warn("printer", prepared.label, ": ", job->replaced_characters,
                        " characters are not in the printer's font and print as '?'");
    }
    // Not under the tickets' lock: submitting wakes the screen, which may ask about tickets.
    const auto id = impl_->printer->submit(std::move(*job), prepared.label, asked);
    std::lock_guard lock(impl_->tickets_mutex);
    impl_->tickets[ticket].job = id;
}

PrintTicket PrintService::print_async(SharedSheet prepared) {
    const PrintTicket ticket = new_ticket();
    worker_->post([this, ticket, prepared = std::move(prepared),
                   asked = std::chrono::steady_clock::now()] { queue(ticket, *prepared, asked); });
    return ticket;
}

PrintTicket PrintService::print_async(printer::Sheet sheet, std::string label) {
    const PrintTicket ticket = new_ticket();
    auto shared = std::make_shared<printer::Sheet>(std::move(sheet));
    worker_->post(
        [this, ticket, shared, label = std::move(label), asked = std::chrono::steady_clock::now()] {
            auto prepared = prepare(std::move(*shared), label);
            if (!prepared) {
                base::log::error("printer", label, " cannot be laid out: ", prepared.error());
                std::lock_guard lock(impl_->tickets_mutex);
                impl_->tickets[ticket].error = prepared.error();
                return;
            }
            queue(ticket, *prepared, asked);
        });
    return ticket;
}

std::optional<PrintJobView> PrintService::job(PrintTicket ticket) const {
    using State = PrintJobView::State;
    Impl::Ticket entry;
    {
        std::lock_guard lock(impl_->tickets_mutex);
        const auto it = impl_->tickets.find(ticket);
        if (it == impl_->tickets.end()) return std::nullopt;
        entry = it->second;
    }
    PrintJobView v;
    if (!entry.error.empty()) {
        v.state = State::failed;
        v.problem = entry.error;
        return v;
    }
    if (!entry.job) return v;  // still being laid out or encoded
    const auto snap = impl_->printer->job(*entry.job);
    if (!snap) {  // long finished and forgotten by the printer thread
        v.state = State::done;
        return v;
    }
    using S = printer::JobSnapshot::State;
    switch (snap->state) {
        case S::queued:
            v.state = State::queued;
            break;
        case S::printing:
            v.state = State::printing;
            break;
        case S::waiting_for_printer:
            v.state = State::waiting_for_printer;
            break;
        case S::done:
            v.state = State::done;
            break;
        case S::cancelled:
            v.state = State::failed;
            break;
    }
    if (snap->bytes_total > 0) {
        v.fraction = static_cast<float>(snap->bytes_sent) / static_cast<float>(snap->bytes_total);
    }
    v.problem = snap->problem;
    if (snap->first_byte != std::chrono::steady_clock::time_point{}) {
        v.first_byte_ms =
            std::chrono::duration<double, std::milli>(snap->first_byte - snap->requested).count();
    }
    if (v.state == State::waiting_for_printer) {
        v.for_resident = snap->printer ? snap->printer->for_resident() : "打印机现在连不上";
    }
    return v;
}

PrintOutcome PrintService::print_now(const PreparedSheet& prepared, const std::string& transport) {
    using Kind = PrintOutcome::Kind;
    auto job = encode(prepared);
    if (!job) return {Kind::failed, job.error(), 0};
    const std::string spec =
        transport.empty() ? impl_->transport : resolve_transport(transport, impl_->data_dir);
    auto t = printer::open_transport(spec);
    if (!t) {
        const bool bad = t.error().kind == printer::TransportError::Kind::bad_spec;
        return {bad ? Kind::bad_input : Kind::failed, t.error().message, 0};
    }
    const auto result = printer::run_job(**t, *job);
    using Outcome = printer::JobResult::Outcome;
    if (result.outcome == Outcome::printed) {
        if (impl_->state) {
            if (auto ok = impl_->state->add_paper_used(impl_->profile.dots_to_mm(job->paper_dots));
                !ok) {
                base::log::warn("printer", "paper counter not saved: ", ok.error());
            }
        }
        return {Kind::printed, {}, result.bytes_sent};
    }
    const bool stopped = result.outcome == Outcome::paper_out ||
                         result.outcome == Outcome::cover_open ||
                         result.outcome == Outcome::printer_error;
    return {stopped ? Kind::stopped : Kind::failed, result.message, result.bytes_sent};
}

PrinterSummary PrintService::summary() const {
    return {impl_->transport, impl_->profile.name, impl_->profile.text_mode};
}

std::optional<PrintJobView> PrintService::last_job() const {
    PrintTicket last = 0;
    {
        std::lock_guard lock(impl_->tickets_mutex);
        if (!impl_->tickets.empty()) last = impl_->tickets.rbegin()->first;
    }
    return last ? job(last) : std::nullopt;
}

std::string PrintService::state_word() const {
    const auto view = last_job();
    if (!view) return "ok";
    switch (view->state) {
        case PrintJobView::State::preparing:
        case PrintJobView::State::queued:
        case PrintJobView::State::printing:
            return "printing";
        case PrintJobView::State::waiting_for_printer:
            return "waiting";
        case PrintJobView::State::failed:
            return "failed";
        case PrintJobView::State::done:
            break;
    }
    return "ok";
}

double PrintService::roll_length_m() const {
    return impl_->roll_length_m;
}

double PrintService::paper_left_m() const {
    const double used = impl_->state ? impl_->state->paper_used_mm() / 1000.0 : 0;
    return std::max(0.0, impl_->roll_length_m - used);
}

void PrintService::paper_refilled() {
    if (impl_->state) {
        if (auto ok = impl_->state->paper_refilled(); !ok) {
            base::log::warn("printer", "paper counter not reset: ", ok.error());
        }
    }
    impl_->printer->retry_now();
}

void PrintService::retry_now() {
    impl_->printer->retry_now();
}

}  // namespace kiosk::core
