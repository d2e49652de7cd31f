// Tests kiosk/app/script: the driver's script language.
#include <doctest/doctest.h>

#include "kiosk/app/script.hpp"

using kiosk::app::parse_script;
using kiosk::app::StepKind;

TEST_CASE("every command parses, comments and blank lines are skipped") {
    auto s = parse_script(R"(# a tour
tap 长辈模式
tap 100 200
tap 第 2 页
drag 10 20 30 40
key Escape
type 1234
scan https://x.cn/p/dibao

wait 500
idle 61
shot home
expect 求助热线
expect-not 已开启
)",
                          "t.script");
    REQUIRE_MESSAGE(s, (s ? "" : s.error().describe()));
    REQUIRE(s->steps.size() == 12);
    CHECK(s->steps[0].kind == StepKind::tap_label);
    CHECK(s->steps[0].text == "长辈模式");
    CHECK(s->steps[0].line == 2);
    CHECK(s->steps[1].kind == StepKind::tap_point);
    CHECK(s->steps[1].numbers == std::vector<float>{100, 200});
    CHECK(s->steps[2].kind == StepKind::tap_label);  // words, not two numbers
    CHECK(s->steps[2].text == "第 2 页");
    CHECK(s->steps[3].kind == StepKind::drag);
    CHECK(s->steps[4].kind == StepKind::key);
    CHECK(s->steps[5].kind == StepKind::type);
    CHECK(s->steps[6].kind == StepKind::scan);
    CHECK(s->steps[6].text == "https://x.cn/p/dibao");
    CHECK(s->steps[7].kind == StepKind::wait);
    CHECK(s->steps[7].line == 10);
    CHECK(s->steps[8].kind == StepKind::idle);
    CHECK(s->steps[8].numbers[0] == 61);
    CHECK(s->steps[9].kind == StepKind::shot);
    CHECK(s->steps[10].kind == StepKind::expect);
    CHECK(s->steps[11].kind == StepKind::expect_not);
}

TEST_CASE("a bad line is refused with its file and line") {
    auto check = [](std::string_view text, std::string_view message) {
        auto s = parse_script(text, "t.script");
        REQUIRE_FALSE(s);
        CHECK(s.error().describe() == message);
    };
    check("tap 长辈模式\nclick 1 2\n",
          "t.script:2: unknown command \"click\" (known: tap drag key type scan wait idle shot "
          "expect expect-not)");
    check("drag 1 2 3\n", "t.script:1: drag needs x1 y1 x2 y2");
    check("wait soon\n", "t.script:1: wait needs milliseconds");
    check("idle -1\n", "t.script:1: idle needs seconds");
    check("shot ../../etc/x\n", "t.script:1: shot needs one name without slashes");
    check("expect\n", "t.script:1: expect needs a label");
    check("tap\n", "t.script:1: tap needs a label, or x and y");
}

TEST_CASE("a script that is not UTF-8 is refused") {
    auto s = parse_script("tap \xFF\xFE\n", "t.script");
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "not valid UTF-8");
}
