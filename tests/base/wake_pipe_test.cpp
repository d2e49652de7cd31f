// Tests base/wake_pipe: a worker waiting in poll() wakes when the owner calls wake().
#include <doctest/doctest.h>

#include <poll.h>

#include <atomic>
#include <thread>
#include <utility>

#include "base/wake_pipe.hpp"

TEST_CASE("wake() ends a worker's poll() at once, and the pipe stays readable") {
    auto wake = base::WakePipe::open();
    REQUIRE_MESSAGE(wake.has_value(), (wake ? "" : wake.error()));
    pollfd p{wake->read_fd(), POLLIN, 0};
    CHECK(::poll(&p, 1, 0) == 0);

    std::atomic<bool> woke{false};
    std::thread worker([&] {
        pollfd q{wake->read_fd(), POLLIN, 0};
        woke = ::poll(&q, 1, 10'000) == 1;
    });
    wake->wake();
    worker.join();
    CHECK(woke);
    CHECK(::poll(&p, 1, 0) == 1);
    wake->wake();  // again: harmless

    base::WakePipe moved = std::move(*wake);
    CHECK(wake->read_fd() == -1);
    CHECK(moved.read_fd() == p.fd);
    base::WakePipe none;
    none.wake();  // nothing open: nothing happens
}
