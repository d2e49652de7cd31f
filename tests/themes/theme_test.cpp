// Tests themes/theme: the shipped theme files load, and bad ones are refused with a reason.
#include <doctest/doctest.h>

#include "themes/theme.hpp"

TEST_CASE("the shipped themes load") {
    for (const char* name : {"standard", "elder"}) {
        CAPTURE(name);
        auto theme = themes::load_theme(std::string(SOURCE_DIR) + "/themes/" + name + ".toml");
        REQUIRE_MESSAGE(theme, (theme ? "" : theme.error().describe()));
        CHECK(theme->name == name);
        CHECK(theme->font_px.body >= 24);
        CHECK(theme->min_touch_target >= 72);
    }
}

TEST_CASE("the elder theme is larger than the standard one in every size") {
    auto standard = themes::load_theme(std::string(SOURCE_DIR) + "/themes/standard.toml");
    auto elder = themes::load_theme(std::string(SOURCE_DIR) + "/themes/elder.toml");
    REQUIRE(standard);
    REQUIRE(elder);
    CHECK(elder->font_px.body > standard->font_px.body);
    CHECK(elder->font_px.tile > standard->font_px.tile);
    CHECK(elder->min_touch_target > standard->min_touch_target);
}

TEST_CASE("colours parse as #RRGGBB or #RRGGBBAA") {
    CHECK(themes::parse_color("#B71C1C").value() == themes::Rgba{0xB7, 0x1C, 0x1C, 0xFF});
    CHECK(themes::parse_color("#00000080").value() == themes::Rgba{0, 0, 0, 0x80});
    CHECK_FALSE(themes::parse_color("B71C1C"));
    CHECK_FALSE(themes::parse_color("#B71C1"));
    CHECK_FALSE(themes::parse_color("#GG0000"));
}

TEST_CASE("a bad theme names the key and what is expected") {
    auto bad_color = themes::parse_theme("[colors]\ntext = \"red\"\n", "x.toml");
    REQUIRE_FALSE(bad_color);
    CHECK(bad_color.error().key == "colors.text");
    CHECK(bad_color.error().message.find("#RRGGBB") != std::string::npos);

    auto tiny = themes::parse_theme("[font_px]\nbody = 12\n", "x.toml");
    REQUIRE_FALSE(tiny);
    CHECK(tiny.error().key == "font_px.body");

    auto unknown = themes::parse_theme("[colors]\ntxet = \"#000000\"\n", "x.toml");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().key == "colors.txet");
    CHECK(unknown.error().message.find("unknown key") == 0);
}
