// Tests kiosk/core/idle_timer: when an untouched kiosk wipes the session.
#include <doctest/doctest.h>

#include "kiosk/core/idle_timer.hpp"

TEST_CASE("the session expires after the timeout without a touch, and a touch restarts it") {
    kiosk::core::IdleTimer idle(60'000);
    idle.touch(1000);
    CHECK_FALSE(idle.expired(60'999));
    CHECK(idle.expired(61'000));
    idle.touch(50'000);
    CHECK_FALSE(idle.expired(61'000));
    CHECK(idle.deadline_ms() == 110'000);
}
