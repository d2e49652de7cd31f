// Sends one job, watching the printer's status.
#include "printer/print_job.hpp"

#include <chrono>
#include <vector>

#include "base/log.hpp"

namespace printer {
namespace {

JobResult stopped(const PrinterStatus& s, std::size_t sent) {
    JobResult r;
    r.status = s;
    r.bytes_sent = sent;
    r.message = "printer: " + s.describe();
    if (s.paper_out) {
        r.outcome = JobResult::Outcome::paper_out;
    } else if (s.cover_open) {
        r.outcome = JobResult::Outcome::cover_open;
    } else {
        r.outcome = JobResult::Outcome::printer_error;
    }
    return r;
}

}  // namespace

std::expected<std::optional<PrinterStatus>, std::string> query_status(Transport& t,
                                                                      int timeout_ms) {
    if (!t.bidirectional()) return std::optional<PrinterStatus>{};
    // Anything the printer sent unasked (an old answer, noise) would be misread as the answer.
    std::uint8_t drain[64];
    for (int i = 0; i < 16; ++i) {  // bounded: a line that never stops talking is garbage anyway
        auto n = t.read(drain, 0);
        if (!n || *n == 0) break;
    }
    if (auto ok = t.write(status_request()); !ok) return std::unexpected(ok.error().message);
    std::vector<std::uint8_t> answers;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (answers.size() < 4) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        std::uint8_t buf[16];
        auto n = t.read(std::span(buf, 4 - answers.size()), static_cast<int>(left.count()));
        if (!n) return std::unexpected(n.error().message);
        if (*n == 0) break;
        answers.insert(answers.end(), buf, buf + *n);
    }
    if (answers.empty()) return std::optional<PrinterStatus>{};
    auto status = parse_status(answers);
    if (!status) return std::unexpected(status.error());
    return std::optional(*status);
}

JobResult run_job(Transport& t, const EncodedJob& job, const ProgressFn& progress) {
    const std::size_t total = job.total_bytes();
    std::size_t sent = 0;
    bool answers = t.bidirectional();
    auto check = [&]() -> std::optional<JobResult> {
        if (!answers) return std::nullopt;
        auto s = query_status(t);
        if (!s) {
            // Garbage on the line: say so once and print on; the paper is the final judge.
            base::log::warn("printer", t.describe(), ": ", s.error(), "; printing without status");
            answers = false;
            return std::nullopt;
        }
        if (!*s) {
            base::log::info("printer", t.describe(),
                            ": no status answers; printing without status");
            answers = false;
            return std::nullopt;
        }
        if (!(*s)->can_print()) return stopped(**s, sent);
        return std::nullopt;
    };

    if (auto stop = check()) return *stop;
    for (std::size_t i = 0; i < job.chunks.size(); ++i) {
        if (auto ok = t.write(job.chunks[i]); !ok) {
            return JobResult{JobResult::Outcome::failed, ok.error().message, std::nullopt, sent};
        }
        sent += job.chunks[i].size();
        if (progress) progress(sent, total);
        if (auto stop = check()) return *stop;
    }
    JobResult done;
    done.bytes_sent = sent;
    done.message = "printed " + std::to_string(sent) + " bytes to " + t.describe();
    return done;
}

}  // namespace printer
