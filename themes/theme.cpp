// Reads theme files into Theme values.
#include "themes/theme.hpp"

#include <charconv>

namespace themes {
namespace {

void read_color(base::StrictToml& doc, std::string_view key, Rgba& out) {
    std::string ignored;
    doc.read_checked(key, ignored, [&](std::string_view text) -> std::optional<std::string> {
        auto parsed = parse_color(text);
        if (!parsed) return parsed.error();
        out = *parsed;
        return std::nullopt;
    });
}

std::expected<Theme, base::TomlError> read_theme(base::StrictToml& doc) {
    Theme t;
    t.name = std::filesystem::path(doc.file()).stem().string();
    doc.read("name", t.display_name);
    auto& c = t.colors;
    read_color(doc, "colors.background", c.background);
    read_color(doc, "colors.surface", c.surface);
    read_color(doc, "colors.text", c.text);
    read_color(doc, "colors.text_muted", c.text_muted);
    read_color(doc, "colors.header", c.header);
    read_color(doc, "colors.header_text", c.header_text);
    read_color(doc, "colors.accent", c.accent);
    read_color(doc, "colors.accent_text", c.accent_text);
    read_color(doc, "colors.notice", c.notice);
    read_color(doc, "colors.notice_text", c.notice_text);
    read_color(doc, "colors.tile", c.tile);
    read_color(doc, "colors.tile_text", c.tile_text);
    read_color(doc, "colors.tile_pressed", c.tile_pressed);
    read_color(doc, "colors.border", c.border);
    read_color(doc, "colors.danger", c.danger);
    // Below 24 px a CJK glyph is hard to read at arm's length; above 120 it no longer fits.
    doc.read("font_px.body", t.font_px.body, 24.0f, 120.0f);
    doc.read("font_px.heading", t.font_px.heading, 24.0f, 120.0f);
    doc.read("font_px.title", t.font_px.title, 24.0f, 120.0f);
    doc.read("font_px.tile", t.font_px.tile, 24.0f, 120.0f);
    doc.read("spacing.padding", t.padding, 0.0f, 200.0f);
    doc.read("spacing.gap", t.gap, 0.0f, 200.0f);
    doc.read("spacing.rounding", t.rounding, 0.0f, 100.0f);
    // 9 mm on a typical 10" panel is about 72 px; smaller targets defeat elderly fingers.
    doc.read("touch.min_target_px", t.min_touch_target, 72.0f, 400.0f);
    if (auto err = doc.finish()) return std::unexpected(*err);
    if (t.display_name.empty()) t.display_name = t.name;
    return t;
}

}  // namespace

std::expected<Rgba, std::string> parse_color(std::string_view text) {
    const std::string expected = "expected a colour as \"#RRGGBB\" or \"#RRGGBBAA\"";
    if (text.size() != 7 && text.size() != 9) return std::unexpected(expected);
    if (text[0] != '#') return std::unexpected(expected);
    std::uint8_t parts[4] = {0, 0, 0, 255};
    for (std::size_t i = 0; i * 2 + 1 < text.size(); ++i) {
        const char* first = text.data() + 1 + i * 2;
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(first, first + 2, value, 16);
        if (ec != std::errc{} || ptr != first + 2) return std::unexpected(expected);
        parts[i] = static_cast<std::uint8_t>(value);
    }
    return Rgba{parts[0], parts[1], parts[2], parts[3]};
}

std::expected<Theme, base::TomlError> parse_theme(std::string_view toml_text, std::string file) {
    auto doc = base::StrictToml::parse(toml_text, std::move(file));
    if (!doc) return std::unexpected(doc.error());
    return read_theme(*doc);
}

std::expected<Theme, base::TomlError> load_theme(const std::filesystem::path& path) {
    auto doc = base::StrictToml::load(path);
    if (!doc) return std::unexpected(doc.error());
    return read_theme(*doc);
}

}  // namespace themes
