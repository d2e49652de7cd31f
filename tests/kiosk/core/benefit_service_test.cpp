// 待遇查询 on a thread of its own: the answer is there by the time the screen is woken.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "kiosk/core/benefit_service.hpp"

using kiosk::core::BenefitAnswer;
using kiosk::core::BenefitService;

TEST_CASE("the query's thread wakes the screen once its answer is in") {
    kiosk::core::Config config;
    // Nothing listens on port 1 of this machine: refused at once, as a county that is down.
    config.county.url = "http://127.0.0.1:1";
    std::mutex m;
    std::condition_variable cv;
    bool woken = false;
    bool ready_when_woken = false;
    kiosk::core::Pending<BenefitAnswer> pending;
    BenefitService benefits(config, [&] {
        std::lock_guard lock(m);
        woken = true;
        ready_when_woken = pending.ready();
        cv.notify_all();
    });
    REQUIRE(benefits.available());
    {
        std::lock_guard lock(m);
        pending = benefits.ask(*scanner::IdNumber::parse("990102195803120015"));
    }
    std::unique_lock lock(m);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return woken; }));
    CHECK(ready_when_woken);
    CHECK(pending.get()->outcome == BenefitAnswer::Outcome::unreachable);
    CHECK(pending.get()->problem.find("990102195803120015") == std::string::npos);
}

TEST_CASE("without a county there is nobody to ask") {
    const BenefitService benefits(kiosk::core::Config{}, {});
    CHECK_FALSE(benefits.available());
    CHECK(benefits.ask_now(*scanner::IdNumber::parse("990102195803120015")).outcome ==
          BenefitAnswer::Outcome::unreachable);
}
