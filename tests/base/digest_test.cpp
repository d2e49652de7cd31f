// SHA-256, hex and Base64: the known answers, and the forms that must be refused.
#include "base/digest.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "support/temp_dir.hpp"

TEST_CASE("SHA-256 gives the known answers, for bytes and for a file read in blocks") {
    CHECK(base::to_hex(base::sha256(std::string_view("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    test::TempDir dir("digest");
    const auto file = dir.path / "big";
    std::string text(200'000, 'a');  // over several 64 KiB blocks
    std::ofstream(file, std::ios::binary) << text;
    auto digest = base::sha256_file(file);
    REQUIRE(digest);
    CHECK(digest->size == text.size());
    CHECK(digest->hash == base::sha256(text));
    auto missing = base::sha256_file(dir.path / "none");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("none: cannot be opened") != std::string::npos);
}

TEST_CASE("a SHA-256 in hex is 64 lowercase digits, nothing else") {
    const std::string good(64, 'a');
    CHECK(base::sha256_from_hex(good));
    CHECK_FALSE(base::sha256_from_hex(std::string(63, 'a')));
    CHECK_FALSE(base::sha256_from_hex(std::string(64, 'A')));
    CHECK_FALSE(base::sha256_from_hex(std::string(62, 'a') + "g0"));
    CHECK_FALSE(base::sha256_from_hex(""));
}

TEST_CASE("Base64 round-trips and refuses what is not Base64") {
    const std::vector<std::uint8_t> bytes = {0, 1, 2, 250, 251, 255, 7};
    const auto text = base::base64_encode(bytes);
    CHECK(text == "AAEC+vv/Bw==");
    CHECK(base::base64_decode(text) == bytes);
    CHECK_FALSE(base::base64_decode("AAEC+vv/Bw="));  // padding cut
    CHECK_FALSE(base::base64_decode("AAEC vv/Bw=="));
    CHECK_FALSE(base::base64_decode("$$$$"));
    CHECK(base::base64_decode("") == std::vector<std::uint8_t>{});
}
