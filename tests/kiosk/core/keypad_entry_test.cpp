// What residents type on the keypads, checked as they type.
#include <doctest/doctest.h>

#include "kiosk/core/keypad_entry.hpp"

using kiosk::core::IdEntry;
using kiosk::core::PhoneEntry;

namespace {
const base::Date kToday{2026, 12, 1};
void type(IdEntry& e, std::string_view keys) {
    for (const char k : keys) e.press(k);
}
}  // namespace

TEST_CASE("the ID keypad takes 18 characters, X only last, and says what is wrong early") {
    IdEntry e;
    type(e, "X1101051949");
    CHECK(e.digits() == "1101051949");  // a leading X is refused
    CHECK_FALSE(e.problem(kToday));
    type(e, "1331");  // the 31st of the 13th month
    REQUIRE(e.problem(kToday));
    CHECK(e.problem(kToday)->find("日期") != std::string::npos);
    for (int i = 0; i < 4; ++i) e.press('\b');
    type(e, "1231002");
    CHECK_FALSE(e.valid(kToday));
    e.press('x');
    REQUIRE(e.valid(kToday));
    CHECK(e.valid(kToday)->masked() == "1101**********002X");
    e.press('1');  // the 19th character is refused
    CHECK(e.digits().size() == 18);
    e.clear();
    CHECK(e.digits().empty());
}

TEST_CASE("the phone keypad takes 11 digits and knows a mobile number") {
    PhoneEntry p;
    for (const char k : std::string("1380000000")) p.press(k);
    CHECK_FALSE(p.valid());
    p.press('0');
    CHECK(p.valid());
    p.press('9');
    CHECK(p.digits() == "13800000000");
    p.press('\b');
    CHECK(p.digits() == "1380000000");
    p.press('a');
    CHECK(p.digits() == "1380000000");
    for (const char k : std::string("0")) p.press(k);
    p.clear();
    CHECK(p.digits().empty());
    for (const char k : std::string("23800000000")) p.press(k);
    CHECK_FALSE(p.valid());  // mobile numbers start 13–19
}
