// Sends one encoded job to a printer, asking its status before and between chunks where the
// transport can answer, so paper running out or a cover opening stops the job with the reason.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "printer/job.hpp"
#include "printer/status.hpp"
#include "printer/transport.hpp"

namespace printer {

struct JobResult {
    enum class Outcome {
        printed,
        paper_out,
        cover_open,
        printer_error,
        failed
    } outcome = Outcome::printed;
    std::string message;                  // for the log and staff
    std::optional<PrinterStatus> status;  // the last status the printer gave
    std::size_t bytes_sent = 0;
};

// Asks DLE EOT 1-4 and waits up to `timeout_ms` for the four answers. nullopt when the printer
// does not answer (many USB printers never do); an error value for garbage on the line.
std::expected<std::optional<PrinterStatus>, std::string> query_status(Transport& transport,
                                                                      int timeout_ms = 800);

using ProgressFn = std::function<void(std::size_t bytes_sent, std::size_t bytes_total)>;

JobResult run_job(Transport& transport, const EncodedJob& job, const ProgressFn& progress = {});

}  // namespace printer
