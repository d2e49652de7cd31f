// Tests net/county/id_check: the county checks what net/API.md promises, with the scanner's code.
#include <doctest/doctest.h>

#include <string>

#include "net/county/id_check.hpp"

TEST_CASE("the county takes an 18-character number whose check character matches, as sent") {
    CHECK(county::check_id_number("11010519491231002X").has_value());
    CHECK(county::check_id_number("990102195803120015").has_value());
    // A birth date in the future is the kiosk's business, not the county's.
    CHECK(county::check_id_number("110105209912310029").has_value());
    for (const char* bad : {"110105194912310021", "11010519491231002x", "11010549123100",
                            "1101051949123100 2X", "", "110105194912310021X"}) {
        CAPTURE(bad);
        const auto result = county::check_id_number(bad);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().rfind("id_number: not a valid ID number", 0) == 0);
    }
}
