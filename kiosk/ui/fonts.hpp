// Builds the ImGui font atlas from Noto Sans CJK with only the glyphs the kiosk uses, at the
// theme's sizes scaled to the screen; checks which characters a font cannot draw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include <imgui.h>

#include "kiosk/core/content.hpp"
#include "kiosk/core/glyph_set.hpp"
#include "kiosk/ui/context.hpp"
#include "themes/theme.hpp"

namespace kiosk::ui {

// The way build_fonts rasterises and packs glyphs. Part of the atlas cache key: bump it whenever
// build_fonts changes what it makes from the same request, so no atlas of the old way is used.
inline constexpr std::int32_t kAtlasRecipe = 2;

struct FontRequest {
    std::span<const std::byte> font_file;  // a TTF/OTF/TTC file's bytes, kept alive by the caller
    int face_index = 0;
    const core::GlyphSet* glyphs = nullptr;
    const themes::Theme* theme = nullptr;
    float scale = 1;
};

struct AtlasStats {
    std::size_t glyphs = 0;  // glyphs per size
    int texture_width = 0, texture_height = 0;
};

// Clears `atlas` and builds it. The caller uploads the texture afterwards.
std::expected<Fonts, std::string> build_fonts(ImFontAtlas& atlas, const FontRequest& request,
                                              AtlasStats* stats = nullptr);

// The fonts of an atlas made by build_fonts (or restored from its image), in the order it adds
// them.
std::expected<Fonts, std::string> fonts_of(ImFontAtlas& atlas);

// The characters of `wanted` that the face has no glyph for (space and controls excepted).
std::expected<std::vector<char32_t>, std::string> missing_glyphs(
    std::span<const std::byte> font_file, int face_index, const std::vector<char32_t>& wanted);

// The UI's own characters plus those of the config and the content the screens show.
core::GlyphSet kiosk_glyphs(const core::Config& config, const core::Content* content = nullptr);

}  // namespace kiosk::ui
