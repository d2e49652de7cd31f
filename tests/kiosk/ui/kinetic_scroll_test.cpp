// Tests kiosk/ui/kinetic_scroll: a page follows the finger, a flick glides and stops, a tap is not
// a drag.
#include <doctest/doctest.h>

#include "kiosk/ui/kinetic_scroll.hpp"

using kiosk::ui::KineticScroll;

TEST_CASE("the page follows the finger, within its limits") {
    KineticScroll s;
    s.set_limits(3000, 1000);
    s.press(800, 0);
    s.move(600, 100);
    s.move(500, 200);
    CHECK(s.dragging());
    CHECK(s.offset() == doctest::Approx(300));
    s.move(2000, 300);  // far past the top
    CHECK(s.offset() == 0);
}

TEST_CASE("a flick keeps gliding after the finger lifts, slows down and stops") {
    KineticScroll s;
    s.set_limits(10000, 1000);
    s.press(900, 0);
    for (int i = 1; i <= 5; ++i) s.move(900.0f - static_cast<float>(i) * 40, i * 16);  // 2.5 px/ms
    const float lifted_at = s.offset();
    s.release(80);
    CHECK(s.animating());
    s.step(200);
    const float after_120ms = s.offset();
    CHECK(after_120ms > lifted_at);
    s.step(5000);
    CHECK_FALSE(s.animating());
    const float rest = s.offset();
    s.step(6000);
    CHECK(s.offset() == rest);
    CHECK(rest > after_120ms);
}

TEST_CASE("a finger that stops before lifting leaves the page where it is") {
    KineticScroll s;
    s.set_limits(10000, 1000);
    s.press(900, 0);
    s.move(700, 50);
    s.release(400);  // held still for 350 ms
    CHECK_FALSE(s.animating());
}

TEST_CASE("a small movement is a tap, not a drag") {
    KineticScroll s;
    s.set_limits(3000, 1000);
    s.press(500, 0);
    s.move(505, 10);
    CHECK_FALSE(s.dragging());
    CHECK(s.offset() == 0);
    s.release(20);
    CHECK_FALSE(s.animating());
}

TEST_CASE("a page shorter than the screen does not scroll") {
    KineticScroll s;
    s.set_limits(500, 1000);
    s.press(500, 0);
    s.move(100, 100);
    CHECK(s.offset() == 0);
}
