// The worker behind the screens' disk work: in order, reporting each result, never dropping
// what was posted.
#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "kiosk/core/worker.hpp"

using kiosk::core::Pending;
using kiosk::core::Worker;

TEST_CASE("a Pending is empty until the work is done, then holds the value for every copy") {
    Pending<int> nothing;
    CHECK_FALSE(nothing.asked());
    CHECK_FALSE(nothing.ready());
    CHECK(nothing.get() == nullptr);

    auto p = Pending<int>::make();
    const auto copy = p;
    CHECK(p.asked());
    CHECK_FALSE(copy.ready());
    p.fulfil(42);
    REQUIRE(copy.ready());
    CHECK(*copy.get() == 42);
}

TEST_CASE("tasks run in the order posted, and wake follows each result") {
    std::mutex m;
    std::vector<int> order;
    std::atomic<int> wakes{0};
    std::vector<bool> ready_at_wake;
    Pending<int> last;
    {
        Worker w("test", [&] {
            ++wakes;
            std::lock_guard lock(m);
            ready_at_wake.push_back(last.ready());
        });
        for (int i = 0; i < 5; ++i) {
            w.post([&, i] {
                std::lock_guard lock(m);
                order.push_back(i);
            });
        }
        {
            std::lock_guard lock(m);
            last = w.run<int>([] { return 7; });
        }
        w.drain();
        REQUIRE(last.ready());
        CHECK(*last.get() == 7);
        CHECK(w.backlog() == 0);
    }
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(wakes == 6);
    // By the time the last wake ran, its result was there to see.
    REQUIRE(!ready_at_wake.empty());
    CHECK(ready_at_wake.back());
}

TEST_CASE("a worker going away still runs what was queued behind a slow task") {
    std::mutex m;
    std::condition_variable cv;
    bool release = false;
    std::atomic<int> done{0};
    {
        Worker w("test");
        w.post([&] {
            std::unique_lock lock(m);
            cv.wait(lock, [&] { return release; });
        });
        for (int i = 0; i < 3; ++i) w.post([&] { ++done; });
        CHECK(w.backlog() == 4);
        {
            std::lock_guard lock(m);
            release = true;
        }
        cv.notify_all();
    }  // the destructor drains
    CHECK(done == 3);
}
