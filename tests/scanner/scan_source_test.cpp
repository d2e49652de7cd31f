// The scan sources behind one factory from the config's spec strings.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "scanner/scan_source.hpp"

TEST_CASE("spec strings are checked before anything is opened") {
    for (const char* good : {"serial:/dev/ttyACM0", "evdev:/dev/input/event3", "camera:/dev/video0",
                             "files:/tmp/frames", "idcard:/dev/ttyUSB0"}) {
        CHECK_MESSAGE(scanner::check_source_spec(good).has_value(), good);
    }
    for (const char* bad : {"", "serial:", "/dev/ttyACM0", "usb:/dev/x", "camera"}) {
        const auto r = scanner::check_source_spec(bad);
        REQUIRE_FALSE(r.has_value());
        const bool says_what = r.error().find("serial:DEVICE") != std::string::npos ||
                               r.error().find("unknown kind") != std::string::npos;
        CHECK_MESSAGE(says_what, r.error());
    }
}

TEST_CASE("a device that is not there yet is reported by name, and tried again, not fatal") {
    for (const std::string spec :
         {"idcard:/dev/mingbai-no-such-device", "serial:/dev/mingbai-no-such-device"}) {
        std::string problem;
        std::mutex m;
        std::condition_variable cv;
        auto s = scanner::open_source(spec, [&](scanner::SourceEvent e) {
            std::lock_guard lock(m);
            if (e.problem) problem = *e.problem;
            cv.notify_all();
        });
        REQUIRE_MESSAGE(s.has_value(), spec);
        CHECK((*s)->describe().find("/dev/mingbai-no-such-device") != std::string::npos);
        std::unique_lock lock(m);
        REQUIRE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return !problem.empty(); }));
        CHECK_MESSAGE(problem.find("/dev/mingbai-no-such-device") != std::string::npos, problem);
    }
    CHECK_FALSE(scanner::open_source("serial:", {}).has_value());
}
