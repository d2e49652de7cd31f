// The office printer through CUPS (libcups): a document sent to a named queue or the default one,
// and how the job goes. The server is CUPS's own choice (CUPS_SERVER, client.conf, else the local
// socket), so a test can point at a cupsd of its own. Errors are values in plain words.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace printer {

struct CupsError {
    enum class Kind {
        no_server,         // CUPS is not running, or cannot be reached
        no_queue,          // no queue of that name
        no_default_queue,  // no name given and CUPS has no default
        refused,           // the queue did not take the job (stopped, not accepting, an error)
    } kind = Kind::refused;
    std::string message;
};

struct CupsJob {
    int id = 0;
    std::string queue;  // the queue it went to: the default's name when none was named
};

// Sends `document` (of MIME type `format`) to `queue`, or to CUPS's default queue when empty, as
// one job named `title`. Returns once CUPS has the whole document.
std::expected<CupsJob, CupsError> cups_submit(std::string_view document, const std::string& queue,
                                              const std::string& title,
                                              const std::string& format = "application/pdf");

enum class CupsJobState { pending, held, processing, stopped, canceled, aborted, completed };
std::string_view describe(CupsJobState state);  // "completed"

// How job `job_id` of `queue` goes now.
std::expected<CupsJobState, CupsError> cups_job_state(const std::string& queue, int job_id);

}  // namespace printer
