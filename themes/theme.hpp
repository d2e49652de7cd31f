// A theme as data: colours, font sizes, spacing and the minimum touch target, read from TOML.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/strict_toml.hpp"

namespace themes {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba&) const = default;
};

struct Theme {
    std::string name;          // file stem: "standard"
    std::string display_name;  // shown to staff: "标准"

    struct Colors {
        Rgba background{0xF6, 0xF3, 0xEC};
        Rgba surface{0xFF, 0xFF, 0xFF};
        Rgba text{0x1F, 0x1F, 0x1F};
        Rgba text_muted{0x55, 0x55, 0x55};
        Rgba header{0xB7, 0x1C, 0x1C};
        Rgba header_text{0xFF, 0xFF, 0xFF};
        Rgba accent{0xC6, 0x28, 0x28};
        Rgba accent_text{0xFF, 0xFF, 0xFF};
        Rgba notice{0xFF, 0xF3, 0xC4};
        Rgba notice_text{0x5D, 0x40, 0x00};
        Rgba tile{0xFF, 0xFF, 0xFF};
        Rgba tile_text{0x1F, 0x1F, 0x1F};
        Rgba tile_pressed{0xF0, 0xE0, 0xD0};
        Rgba border{0xDD, 0xD5, 0xC8};
        Rgba danger{0xB0, 0x00, 0x20};
    } colors;

    // Font sizes in pixels at the reference width of 720 px; scaled with the screen.
    struct FontSizes {
        float body = 30;
        float heading = 38;
        float title = 46;
        float tile = 40;
    } font_px;

    float padding = 24;           // inside panels and tiles
    float gap = 20;               // between blocks
    float rounding = 14;          // corner radius
    float min_touch_target = 96;  // no tappable thing is smaller than this, either way
};

// Reads a theme; unset keys keep the standard values above.
std::expected<Theme, base::TomlError> parse_theme(std::string_view toml_text, std::string file);
std::expected<Theme, base::TomlError> load_theme(const std::filesystem::path& path);

// "#RRGGBB" or "#RRGGBBAA".
std::expected<Rgba, std::string> parse_color(std::string_view text);

}  // namespace themes
