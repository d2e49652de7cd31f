// Tests printer/qr_code: codes encode, keep their size for the same text, and refuse nothing
// silently.
#include <doctest/doctest.h>

#include "printer/qr_code.hpp"

TEST_CASE("a URL encodes to a square matrix with the finder patterns in three corners") {
    auto qr = printer::encode_qr("https://mz.example.gov.cn/jiuzhu");
    REQUIRE(qr);
    CHECK(qr->size >= 21);
    CHECK(qr->modules.size() == static_cast<std::size_t>(qr->size * qr->size));
    // Finder patterns: a dark 7x7 ring with a dark centre at three corners.
    for (const auto [x0, y0] :
         {std::pair{0, 0}, std::pair{qr->size - 7, 0}, std::pair{0, qr->size - 7}}) {
        CHECK(qr->dark(x0, y0));
        CHECK(qr->dark(x0 + 6, y0 + 6));
        CHECK_FALSE(qr->dark(x0 + 1, y0 + 1));
        CHECK(qr->dark(x0 + 3, y0 + 3));
    }
}

TEST_CASE("Chinese text encodes as UTF-8 bytes, and empty text is refused") {
    auto qr = printer::encode_qr("最低生活保障");
    REQUIRE(qr);
    CHECK(qr->size >= 21);
    CHECK_FALSE(printer::encode_qr(""));
}
