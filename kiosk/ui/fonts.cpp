// Builds the ImGui font atlas with only the glyphs the kiosk uses.
#include "kiosk/ui/fonts.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <imgui_freetype.h>

#include "kiosk/ui/ui_glyphs.hpp"

namespace kiosk::ui {

std::expected<Fonts, std::string> build_fonts(ImFontAtlas& atlas, const FontRequest& request,
                                              AtlasStats* stats) {
    IM_ASSERT(request.glyphs && request.theme);
    if (request.font_file.empty()) return std::unexpected("the font file is empty");

    // ImGui keeps a pointer to the ranges until the atlas is built; ImWchar is 16-bit here, so
    // characters beyond the BMP (rare in Chinese text) are left out.
    ImVector<ImWchar> ranges;
    {
        ImFontGlyphRangesBuilder builder;
        for (const char32_t cp : request.glyphs->sorted()) {
            if (cp <= 0xFFFF) builder.AddChar(static_cast<ImWchar>(cp));
        }
        builder.BuildRanges(&ranges);
    }

    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    // Several sizes share one atlas; keep it within what a cheap GPU or the software renderer
    // handles comfortably.
    atlas.TexDesiredWidth = 2048;
    // ImGui rounds the height up to a power of two by default: 2048 rows where the glyphs take
    // about 1100. Every row costs memory (a byte a pixel of alpha, four in the RGBA copy the SDL
    // backend uploads, four in the renderer's texture) and upload time; no renderer the kiosk
    // uses needs power-of-two textures.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

    auto add = [&](float reference_px) {
        ImFontConfig cfg;
        // ImGui copies font data it does not own: four sizes of a 19 MB collection would cost
        // 78 MB. Marked as owned it takes the caller's bytes as they are; the mark is undone
        // below, before anything could free them.
        cfg.FontDataOwnedByAtlas = true;
        cfg.FontNo = request.face_index;
        cfg.OversampleH = cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        const float px = std::max(12.0f, reference_px * request.scale);
        // AddFontFromMemoryTTF takes a non-const pointer but never writes through it.
        return atlas.AddFontFromMemoryTTF(const_cast<std::byte*>(request.font_file.data()),
                                          static_cast<int>(request.font_file.size()), px, &cfg,
                                          ranges.Data);
    };
    // The order is fonts_of's.
    const auto& sizes = request.theme->font_px;
    Fonts fonts;
    fonts.body = add(sizes.body);
    fonts.heading = add(sizes.heading);
    fonts.title = add(sizes.title);
    fonts.tile = add(sizes.tile);
    for (auto& cfg : atlas.ConfigData) cfg.FontDataOwnedByAtlas = false;
    const bool built = fonts.body && fonts.heading && fonts.title && fonts.tile && atlas.Build();
    // The glyphs are in the texture now; the font bytes stay with the caller.
    atlas.ClearInputData();
    if (!built) {
        atlas.Clear();
        return std::unexpected("the font could not be loaded (face " +
                               std::to_string(request.face_index) + ")");
    }
    if (stats) {
        stats->glyphs = static_cast<std::size_t>(fonts.body->Glyphs.Size);
        stats->texture_width = atlas.TexWidth;
        stats->texture_height = atlas.TexHeight;
    }
    return fonts;
}

std::expected<Fonts, std::string> fonts_of(ImFontAtlas& atlas) {
    if (atlas.Fonts.Size != 4) {
        return std::unexpected("the atlas holds " + std::to_string(atlas.Fonts.Size) +
                               " fonts, not the 4 sizes of a theme");
    }
    return Fonts{atlas.Fonts[0], atlas.Fonts[1], atlas.Fonts[2], atlas.Fonts[3]};
}

std::expected<std::vector<char32_t>, std::string> missing_glyphs(
    std::span<const std::byte> font_file, int face_index, const std::vector<char32_t>& wanted) {
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) return std::unexpected("FreeType did not start");
    FT_Face face = nullptr;
    const auto* bytes = reinterpret_cast<const FT_Byte*>(font_file.data());
    if (FT_New_Memory_Face(library, bytes, static_cast<FT_Long>(font_file.size()), face_index,
                           &face) != 0) {
        FT_Done_FreeType(library);
        return std::unexpected("the font file has no face " + std::to_string(face_index));
    }
    std::vector<char32_t> missing;
    for (const char32_t cp : wanted) {
        if (cp <= 0x20 || cp == 0x7F) continue;
        if (FT_Get_Char_Index(face, cp) == 0) missing.push_back(cp);
    }
    FT_Done_Face(face);
    FT_Done_FreeType(library);
    return missing;
}

core::GlyphSet kiosk_glyphs(const core::Config& config, const core::Content* content) {
    core::GlyphSet set;
    if (content) set.add_text(content->all_text());
    set.add_text(ui_source_glyphs());
    set.add_text(config.station.name);
    set.add_text(config.station.hotline);
    set.add_text(config.station.welcome);
    return set;
}

}  // namespace kiosk::ui
