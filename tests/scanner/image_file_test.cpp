// Tests scanner/image_file: what a load holds at its peak is counted and bounded, large pictures
// are shrunk to the working size by whole factors with each pixel the mean of its block, and the
// limits are the caller's to set.
#include <doctest/doctest.h>
#include <stb_image_write.h>

#include "support/png_header.hpp"
#include "support/temp_dir.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "scanner/image_file.hpp"

TEST_CASE("a picture within the working size is read as it is, and its peak is counted") {
    test::TempDir dir("image-test");
    std::vector<std::uint8_t> grey(std::size_t{1000} * 800);
    for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = static_cast<std::uint8_t>(i % 251);
    REQUIRE(stbi_write_png((dir.path / "grey.png").c_str(), 1000, 800, 1, grey.data(), 1000) != 0);
    auto loaded = scanner::load_image(dir.path / "grey.png");
    REQUIRE(loaded);
    CHECK(loaded->file_width == 1000);
    CHECK(loaded->file_height == 800);
    CHECK(loaded->scale == 1);
    CHECK(loaded->image.width == 1000);
    CHECK(loaded->image.pixels == grey);
    // The inflated rows and the pixels, then the pixels and the working copy: at least twice the
    // picture, and nowhere near the budget.
    CHECK(loaded->peak_bytes >= 2 * grey.size());
    CHECK(loaded->peak_bytes < 4 * grey.size());
}

TEST_CASE(
    "a picture over the working size is shrunk by a whole factor, each pixel a block's mean") {
    test::TempDir dir("image-test");
    // 5x3 in 2x2 blocks: the right column and the bottom row are blocks cut short.
    const std::vector<std::uint8_t> pixels = {0,   10,  20,  30,  40,   //
                                              100, 110, 120, 130, 140,  //
                                              200, 210, 220, 230, 250};
    REQUIRE(stbi_write_png((dir.path / "small.png").c_str(), 5, 3, 1, pixels.data(), 5) != 0);
    auto loaded = scanner::load_image(dir.path / "small.png", {.max_working_pixels = 8});
    REQUIRE(loaded);
    CHECK(loaded->scale == 2);
    CHECK(loaded->image.width == 3);
    CHECK(loaded->image.height == 2);
    CHECK(loaded->image.pixels == std::vector<std::uint8_t>{55, 75, 90, 205, 225, 250});
    // The same limit a little looser is met by the same factor; tighter needs 3.
    CHECK(scanner::load_image(dir.path / "small.png", {.max_working_pixels = 6})->scale == 2);
    CHECK(scanner::load_image(dir.path / "small.png", {.max_working_pixels = 5})->scale == 3);
}

TEST_CASE("a 4000x3000 photo decodes within the budget, and a smaller budget refuses it") {
    test::TempDir dir("image-test");
    std::vector<std::uint8_t> rgb(std::size_t{4000} * 3000 * 3);
    for (std::size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<std::uint8_t>(i * 7 % 253);
    REQUIRE(stbi_write_jpg((dir.path / "photo.jpg").c_str(), 4000, 3000, 3, rgb.data(), 85) != 0);
    auto loaded = scanner::load_image(dir.path / "photo.jpg");
    REQUIRE(loaded);
    CHECK(loaded->scale == 2);
    CHECK(loaded->image.width == 2000);
    CHECK(loaded->image.height == 1500);
    // A baseline 4:2:0 JPEG: the luma plane, the two quarter-size chroma planes and the grey
    // result, about 30 MB; a scan never holds more than the budget.
    CHECK(loaded->peak_bytes > std::size_t{12'000'000});
    CHECK(loaded->peak_bytes <= scanner::ImageLimits{}.max_decode_bytes);

    auto refused = scanner::load_image(dir.path / "photo.jpg", {.max_decode_bytes = 16u << 20});
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == (dir.path / "photo.jpg").string() +
                                 ": 4000x3000 needs more than 16 MiB to decode, more than a scan "
                                 "may take (a JPEG or a smaller picture of it will do)");
}

TEST_CASE("a PNG the budget cannot hold is refused from its header, before inflating it") {
    test::TempDir dir("image-test");
    // Only the header of a 3000x2500 RGBA PNG, no pixel data: 30 MB of rows and 30 MB of pixels
    // is over the budget whatever follows, so the missing data is never looked for.
    test::write_png_header(dir.path / "rgba.png", 3000, 2500, 6);
    auto refused = scanner::load_image(dir.path / "rgba.png");
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == (dir.path / "rgba.png").string() +
                                 ": 3000x2500 needs more than 48 MiB to decode, more than a scan "
                                 "may take (a JPEG or a smaller picture of it will do)");
    // Grey at 8 bits, the same size: 15 MB, so it is decoded, and the missing data is found out.
    test::write_png_header(dir.path / "grey.png", 3000, 2500, 0);
    auto truncated = scanner::load_image(dir.path / "grey.png");
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().find("needs more than") == std::string::npos);
}

TEST_CASE("a file that is not an image is named with the reason") {
    test::TempDir dir("image-test");
    {
        std::FILE* f = std::fopen((dir.path / "notes.txt").c_str(), "wb");
        REQUIRE(f);
        std::fputs("not a picture", f);
        std::fclose(f);
    }
    auto loaded = scanner::load_image(dir.path / "notes.txt");
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().starts_with((dir.path / "notes.txt").string() +
                                     ": not an image this kiosk can read ("));
}
