// Faults the county injects on purpose (--fail-rate, --drop-rate, --delay-ms): 503 answers,
// answers lost with their connection, slowness. They make the kiosk's retries and its
// exactly-once delivery testable against a real server.
#pragma once

#include <mutex>
#include <random>

namespace httplib {
struct Request;
}

namespace county {

enum class Fault {
    none,
    fail,         // answer 503 unavailable, nothing stored
    drop_before,  // close the connection without an answer, before the endpoint runs
    drop_after,   // the same after it ran: a POST is stored, and the client cannot know
};

struct FaultSettings {
    double fail_rate = 0;  // 0..1
    double drop_rate = 0;  // 0..1
    int delay_ms = 0;
    unsigned seed = 1;  // faults are random but repeatable
};

class FaultInjector {
  public:
    explicit FaultInjector(const FaultSettings& settings);

    // Delays by delay_ms, then draws this request's fault. Three draws per request whatever the
    // outcome, so that the sequence of faults depends only on the seed and the order of
    // requests. Safe from httplib's worker threads.
    Fault next();

  private:
    FaultSettings settings_;
    std::mutex mutex_;
    std::mt19937 rng_;
};

// Shuts the connection `req` came in on down under httplib, which does not hand a handler its
// socket: it reads end-of-file, its answer fails to send, and it closes the socket as after any
// broken connection. false when the connection cannot be found.
bool drop_connection(const httplib::Request& req, int server_port);

}  // namespace county
