// A built font atlas as plain data and as bytes, so the app can keep it on disk and skip
// rasterising the same glyphs at the next start: the alpha texture and every font's metrics and
// glyph table, which is all ImGui 1.86 draws text from. No file I/O here; the app does that.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/ui/context.hpp"
#include "kiosk/ui/fonts.hpp"

namespace kiosk::ui {

// What build_fonts leaves in an ImFontAtlas once its input data is cleared. Plain data: it can be
// made, checked, kept and written on any thread; only capture and restore touch ImGui.
struct AtlasImage {
    struct Font {
        float size = 0;
        float scale = 1;
        float ascent = 0, descent = 0;
        ImWchar fallback_char = 0, ellipsis_char = 0, dot_char = 0;
        int metrics_total_surface = 0;
        std::vector<ImFontGlyph> glyphs;  // as built, the tab glyph ImGui adds included
    };
    int flags = 0;
    int tex_desired_width = 0;
    int tex_glyph_padding = 0;
    int width = 0, height = 0;
    ImVec2 uv_scale{}, uv_white_pixel{};
    std::array<ImVec4, IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1> uv_lines{};
    std::span<const std::uint8_t> alpha;      // width * height, one byte a pixel
    std::shared_ptr<const void> alpha_owner;  // keeps `alpha` alive
    std::vector<Font> fonts;                  // in build_fonts' order: body, heading, title, tile
};

// Everything that decides an atlas's pixels and tables: the glyph set, the font file (by its
// identity: path, size, modification time), the face, the theme's sizes, the scale, the build
// recipe, ImGui's and FreeType's versions and this format. Any change gives another key.
std::uint64_t atlas_key(const FontRequest& request, std::string_view font_identity);

// A copy of a built atlas whose texture is still in memory (before the CPU copies are dropped).
std::expected<AtlasImage, std::string> capture_atlas(const ImFontAtlas& atlas);

// Clears `atlas` and fills it from `image`, as build_fonts would have left it; the caller uploads
// the texture afterwards. Without `with_pixels` the atlas gets no CPU copy of the texture (the
// caller uploads from the image), which ImGui never reads once a renderer has the texture.
std::expected<Fonts, std::string> restore_atlas(const AtlasImage& image, ImFontAtlas& atlas,
                                                bool with_pixels = true);

// The image as bytes stamped with `key` and a checksum.
std::vector<std::byte> encode_atlas(const AtlasImage& image, std::uint64_t key);

// The image back from bytes made by encode_atlas; an error naming the first problem when they are
// truncated, damaged, of another format or made for another key. Given `owner` (which keeps
// `bytes` alive), the image's texture refers to `bytes` instead of being a copy: every megabyte
// not copied is a megabyte of fresh pages the start-up does not wait for.
std::expected<AtlasImage, std::string> decode_atlas(std::span<const std::byte> bytes,
                                                    std::uint64_t key,
                                                    std::shared_ptr<const void> owner = nullptr);

// A 64-bit hash of bytes: the checksum of the format, and the key's hash.
std::uint64_t hash64(std::span<const std::byte> bytes);

}  // namespace kiosk::ui
