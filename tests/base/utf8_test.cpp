// Tests base/utf8: decoding, validation and encoding of the text every screen shows.
#include <doctest/doctest.h>

#include "base/utf8.hpp"

using namespace base::utf8;

TEST_CASE("Chinese text decodes to its code points and back") {
    const std::string text = "低保 12";
    const auto cps = decode(text);
    REQUIRE(cps.size() == 5);
    CHECK(cps[0] == U'低');
    CHECK(cps[1] == U'保');
    CHECK(cps[2] == U' ');
    std::string back;
    for (const auto cp : cps) append(back, cp);
    CHECK(back == text);
}

TEST_CASE("four-byte characters round-trip") {
    const char32_t rare = 0x20BB7;  // 𠮷, outside the BMP
    CHECK(decode(encode(rare)) == std::vector<char32_t>{rare});
}

TEST_CASE("malformed bytes are rejected and replaced, never crash") {
    CHECK_FALSE(is_valid("\xC0\xAF"));      // overlong '/'
    CHECK_FALSE(is_valid("\xED\xA0\x80"));  // surrogate
    CHECK_FALSE(is_valid("\xE4\xBD"));      // truncated
    CHECK_FALSE(is_valid("\xFF"));
    CHECK(is_valid("明白纸"));
    const auto cps = decode(
        "a\xFF"
        "b");
    CHECK(cps == std::vector<char32_t>{U'a', U'\uFFFD', U'b'});
}
