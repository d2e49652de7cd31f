// Tests printer/status: DLE EOT answers become a status, garbage is said to be garbage.
#include <doctest/doctest.h>

#include "printer/escpos.hpp"
#include "printer/status.hpp"

using namespace printer;

TEST_CASE("a printer that is fine") {
    const std::uint8_t a[] = {0x12, 0x12, 0x12, 0x12};
    auto s = parse_status(a);
    REQUIRE(s);
    CHECK(s->can_print());
    CHECK(s->describe() == "ready");
}

TEST_CASE("paper out, cover open, paper near end and errors are read from their bits") {
    const std::uint8_t paper_out[] = {0x1A, 0x32, 0x12, 0x72};
    auto s = parse_status(paper_out);
    REQUIRE(s);
    CHECK(s->paper_out);
    CHECK_FALSE(s->online);
    CHECK_FALSE(s->can_print());
    CHECK(s->for_resident() == "打印纸用完了");

    const std::uint8_t cover[] = {0x1A, 0x16, 0x12, 0x12};
    s = parse_status(cover);
    REQUIRE(s);
    CHECK(s->cover_open);
    CHECK_FALSE(s->paper_out);

    const std::uint8_t near_end[] = {0x12, 0x12, 0x12, 0x1E};
    s = parse_status(near_end);
    REQUIRE(s);
    CHECK(s->paper_near_end);
    CHECK(s->can_print());

    const std::uint8_t cutter[] = {0x12, 0x52, 0x1A, 0x12};
    s = parse_status(cutter);
    REQUIRE(s);
    CHECK(s->error);
}

TEST_CASE("garbage on the status line is refused, not believed") {
    const std::uint8_t noise[] = {0xFF, 0x00, 0x12, 0x12};
    auto s = parse_status(noise);
    REQUIRE_FALSE(s);
    CHECK(s.error().find("garbage") != std::string::npos);
    const std::uint8_t short_answer[] = {0x12, 0x12};
    CHECK_FALSE(parse_status(short_answer));
}

TEST_CASE("the status request asks all four questions") {
    const auto r = status_request();
    CHECK(r ==
          std::vector<std::uint8_t>{0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4});
}
