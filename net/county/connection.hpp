// A connection to the county as its workers serve it, bounded in time whatever the client does.
// httplib 0.11 bounds each read (5 s) but not a head that goes on line after line, so a few
// clients sending a header line every 2 s would hold every worker for good; and it reads a
// chunked body whole, at any size. The county serves each connection through a stream of its own
// with a deadline for a request's head and another for its body, and checks the framing of
// every request before reading its body.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <httplib.h>

#include "base/wake_pipe.hpp"

namespace county {

struct ConnectionLimits {
    // From the first byte of a request to the blank line that ends its head.
    std::chrono::milliseconds head = std::chrono::seconds(10);
    // From the end of the head to the end of the body.
    std::chrono::milliseconds body = std::chrono::seconds(30);
    // A kept-alive connection waiting for its next request (and a new one for its first).
    std::chrono::milliseconds idle = std::chrono::seconds(5);
    // One read or write that makes no progress at all.
    std::chrono::milliseconds io = std::chrono::seconds(5);
    // Requests on one connection before it is closed.
    std::size_t requests = 100;
};

// httplib's Server::process_request, for serve_connection to call.
using ProcessRequest =
    std::function<bool(httplib::Stream& stream, bool last_request, bool& connection_closed,
                       const std::function<void(httplib::Request&)>& setup)>;

// Serves the requests of one connection until the client closes it, a limit is reached, or
// `stopping` is woken; then closes `sock`. httplib's own handling of Range is turned off (a
// handler that serves ranges reads the header itself). Runs on a worker of its own; what handlers
// learn of and ask of the connection goes through `this_connection` below.
void serve_connection(int sock, const ConnectionLimits& limits, const base::WakePipe& stopping,
                      const ProcessRequest& process);

// Why a request's framing is not one the county reads, with the status to answer, or nullopt
// when it is. 400 for what RFC 9112 makes an error or leaves open to another reading: more than
// one Content-Length (different values) or one that is not a number, Content-Length together
// with Transfer-Encoding, a Transfer-Encoding other than chunked, a body on anything but a POST
// (the API has none, and httplib would leave it unread, to be taken for the next request). 411
// for a POST with neither length nor chunks, which httplib would read until the client closes.
struct FramingError {
    int status;
    std::string message;
};
std::optional<FramingError> framing_error(const httplib::Request& req);

// For handlers, about the connection their request came on (they run on its worker).
namespace this_connection {

// The request ran out of time for its head or its body: its answer is 408.
bool timed_out();

// The answer now being made is the last on this connection, because the client is still
// sending something that will not be read (a body past the limit, one not wanted at all):
// says "Connection: close" in `res`, and once the answer is out, reads away what still comes
// for a moment before closing, so that the client sees the answer rather than a reset.
void close_after_answer(httplib::Response& res);

}  // namespace this_connection

}  // namespace county
