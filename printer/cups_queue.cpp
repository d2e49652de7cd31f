// The office printer through CUPS.
#include "printer/cups_queue.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <memory>

namespace printer {
namespace {

// A refused answer at most this long after asking: CUPS on this machine or the office network.
constexpr int kConnectMs = 5000;

struct HttpClose {
    void operator()(http_t* h) const { httpClose(h); }
};
using Http = std::unique_ptr<http_t, HttpClose>;
struct DestFree {
    void operator()(cups_dest_t* d) const { cupsFreeDests(1, d); }
};
using Dest = std::unique_ptr<cups_dest_t, DestFree>;

// The document's name without white space: Debian 12's cupsd (2.4.2) crashes (SIGSEGV) while it
// starts the filters for a document whose document-name has a space in it; the job's title
// (job-name) keeps its spaces.
std::string document_name(const std::string& title) {
    std::string name = title;
    for (char& c : name) {
        if (c == ' ' || c == '\t' || static_cast<unsigned char>(c) < 0x20) c = '_';
    }
    return name;
}

std::string last_error() {
    const char* text = cupsLastErrorString();
    return text && *text ? text : "no reason given";
}

// The server CUPS names, for messages: "localhost", "/run/cups/cups.sock", "HOST:PORT".
std::string server_name() {
    std::string s = cupsServer();
    if (!s.empty() && s.front() != '/') s += ":" + std::to_string(ippPort());
    return s;
}

std::expected<Http, CupsError> connect() {
    Http http(httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1,
                           kConnectMs, nullptr));
    if (!http) {
        return std::unexpected(
            CupsError{CupsError::Kind::no_server,
                      "CUPS is not running or cannot be reached at " + server_name()});
    }
    return http;
}

std::expected<Dest, CupsError> find_queue(http_t* http, const std::string& queue) {
    Dest dest(cupsGetNamedDest(http, queue.empty() ? nullptr : queue.c_str(), nullptr));
    if (dest) return dest;
    // The connection may have gone between connecting and asking.
    if (cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE) {
        return std::unexpected(CupsError{CupsError::Kind::no_server,
                                         "CUPS at " + server_name() + " stopped answering"});
    }
    if (queue.empty()) {
        return std::unexpected(CupsError{CupsError::Kind::no_default_queue,
                                         "CUPS at " + server_name() + " has no default queue"});
    }
    return std::unexpected(CupsError{
        CupsError::Kind::no_queue, "CUPS at " + server_name() + " has no queue \"" + queue + "\""});
}

}  // namespace

std::expected<CupsJob, CupsError> cups_submit(std::string_view document, const std::string& queue,
                                              const std::string& title, const std::string& format) {
    auto http = connect();
    if (!http) return std::unexpected(http.error());
    auto dest = find_queue(http->get(), queue);
    if (!dest) return std::unexpected(dest.error());
    const char* name = (*dest)->name;
    auto refused = [&](const std::string& what) {
        return std::unexpected(
            CupsError{CupsError::Kind::refused,
                      "queue \"" + std::string(name) + "\" " + what + ": " + last_error()});
    };

    cups_option_t* options = nullptr;
    int count = cupsAddOption("media", "A4", 0, &options);
    const int job = cupsCreateJob(http->get(), name, title.c_str(), count, options);
    cupsFreeOptions(count, options);
    if (job <= 0) return refused("did not take the job");

    auto cancel = [&] { cupsCancelJob2(http->get(), name, job, 0); };
    if (cupsStartDocument(http->get(), name, job, document_name(title).c_str(), format.c_str(),
                          1) != HTTP_STATUS_CONTINUE) {
        cancel();
        return refused("did not take the document");
    }
    for (std::size_t at = 0; at < document.size();) {
        const std::size_t n = std::min<std::size_t>(document.size() - at, 64 * 1024);
        if (cupsWriteRequestData(http->get(), document.data() + at, n) != HTTP_STATUS_CONTINUE) {
            cupsFinishDocument(http->get(), name);
            cancel();
            return refused("stopped taking the document");
        }
        at += n;
    }
    if (cupsFinishDocument(http->get(), name) > IPP_STATUS_OK_CONFLICTING) {
        return refused("did not accept the document");
    }
    return CupsJob{job, name};
}

std::string_view describe(CupsJobState state) {
    switch (state) {
        case CupsJobState::pending:
            return "pending";
        case CupsJobState::held:
            return "held";
        case CupsJobState::processing:
            return "processing";
        case CupsJobState::stopped:
            return "stopped";
        case CupsJobState::canceled:
            return "canceled";
        case CupsJobState::aborted:
            return "aborted";
        case CupsJobState::completed:
            return "completed";
    }
    return "unknown";
}

std::expected<CupsJobState, CupsError> cups_job_state(const std::string& queue, int job_id) {
    auto http = connect();
    if (!http) return std::unexpected(http.error());
    cups_job_t* jobs = nullptr;
    const int count = cupsGetJobs2(http->get(), &jobs, queue.c_str(), 0, CUPS_WHICHJOBS_ALL);
    if (count < 0) {
        return std::unexpected(
            CupsError{CupsError::Kind::refused,
                      "cannot list the jobs of \"" + queue + "\": " + last_error()});
    }
    const cups_job_t* end = jobs + count;
    const cups_job_t* found =
        std::find_if(static_cast<const cups_job_t*>(jobs), end,
                     [job_id](const cups_job_t& j) { return j.id == job_id; });
    const ipp_jstate_t state = found == end ? IPP_JSTATE_PENDING : found->state;
    cupsFreeJobs(count, jobs);
    if (found == end) {
        return std::unexpected(
            CupsError{CupsError::Kind::no_queue,
                      "no job " + std::to_string(job_id) + " on \"" + queue + "\""});
    }
    switch (state) {
        case IPP_JSTATE_PENDING:
            return CupsJobState::pending;
        case IPP_JSTATE_HELD:
            return CupsJobState::held;
        case IPP_JSTATE_PROCESSING:
            return CupsJobState::processing;
        case IPP_JSTATE_STOPPED:
            return CupsJobState::stopped;
        case IPP_JSTATE_CANCELED:
            return CupsJobState::canceled;
        case IPP_JSTATE_ABORTED:
            return CupsJobState::aborted;
        case IPP_JSTATE_COMPLETED:
            return CupsJobState::completed;
    }
    return CupsJobState::pending;
}

}  // namespace printer
