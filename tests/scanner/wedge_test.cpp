// Tests scanner/wedge: scanner bursts become scans, people's typing stays typing.
#include <doctest/doctest.h>

#include "scanner/wedge.hpp"

using scanner::WedgeDetector;

namespace {

// Feeds `text` one character every `gap_ms`, starting at `t`; returns the time after the last key.
std::int64_t feed(WedgeDetector& w, std::string_view text, std::int64_t t, std::int64_t gap_ms,
                  std::string& typed) {
    for (const char c : text) {
        typed += w.on_text(std::string(1, c), t).typed;
        t += gap_ms;
    }
    return t;
}

}  // namespace

TEST_CASE("a burst of keys ended by Enter is one scan and the Enter is swallowed") {
    WedgeDetector w;
    std::string typed;
    const auto t = feed(w, "https://x.cn/p/dibao", 1000, 4, typed);
    const auto out = w.on_enter(t);
    REQUIRE(out.scan);
    CHECK(*out.scan == "https://x.cn/p/dibao");
    CHECK(out.enter_consumed);
    CHECK(typed.empty());
}

TEST_CASE("a person typing at human speed is typing, not a scan") {
    WedgeDetector w;
    std::string typed;
    auto t = feed(w, "1234", 1000, 150, typed);
    typed += w.poll(t + 100).typed;
    CHECK(typed == "1234");
    const auto out = w.on_enter(t + 200);
    CHECK_FALSE(out.scan);
    CHECK_FALSE(out.enter_consumed);
}

TEST_CASE("held characters are released once no scan can follow them") {
    WedgeDetector w;
    CHECK(w.on_text("7", 1000).typed.empty());
    REQUIRE(w.next_deadline());
    CHECK(w.poll(*w.next_deadline() - 2).typed.empty());
    CHECK(w.poll(*w.next_deadline()).typed == "7");
    CHECK_FALSE(w.next_deadline());
}

TEST_CASE("a short fast burst with Enter is typing: too short to be a code") {
    WedgeDetector w;
    std::string typed;
    const auto t = feed(w, "12", 1000, 5, typed);
    const auto out = w.on_enter(t);
    CHECK_FALSE(out.scan);
    CHECK(out.typed == "12");
    CHECK_FALSE(out.enter_consumed);
}

TEST_CASE("10,000 characters without Enter are dropped with a message, and scanning goes on") {
    WedgeDetector w;
    std::string typed;
    std::optional<std::string> problem;
    std::int64_t t = 1000;
    for (int i = 0; i < 10'000; ++i, t += 3) {
        auto out = w.on_text("A", t);
        typed += out.typed;
        if (out.problem) problem = out.problem;
    }
    CHECK(problem);
    CHECK(typed.empty());
    // After a pause the scanner works again.
    t += 500;
    t = feed(w, "CODE-42", t, 4, typed);
    const auto out = w.on_enter(t);
    REQUIRE(out.scan);
    CHECK(*out.scan == "CODE-42");
}

TEST_CASE("Chinese characters in a burst stay whole") {
    WedgeDetector w;
    std::int64_t t = 1000;
    for (const char* ch : {"低", "保", "明", "白", "纸"}) {
        w.on_text(ch, t);
        t += 4;
    }
    const auto out = w.on_enter(t);
    REQUIRE(out.scan);
    CHECK(*out.scan == "低保明白纸");
}
