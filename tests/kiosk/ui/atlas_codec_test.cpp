// Tests kiosk/ui/atlas_codec: an atlas turned into bytes and back draws exactly as the one built
// with FreeType; bytes that are cut short, damaged or made for other fonts are refused, never
// read past or trusted.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/core/config.hpp"
#include "kiosk/core/glyph_set.hpp"
#include "kiosk/ui/atlas_codec.hpp"
#include "kiosk/ui/fonts.hpp"
#include "themes/theme.hpp"

namespace {

const std::vector<std::byte>& font_bytes() {
    static const std::vector<std::byte> bytes = [] {
        std::ifstream in(kiosk::core::Config{}.ui.font, std::ios::binary);
        std::vector<char> raw((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
        std::vector<std::byte> out(raw.size());
        std::memcpy(out.data(), raw.data(), raw.size());
        return out;
    }();
    return bytes;
}

// An ImGui context for the test's lifetime: atlases allocate through ImGui.
struct Imgui {
    ImGuiContext* ctx = ImGui::CreateContext();
    ~Imgui() { ImGui::DestroyContext(ctx); }
};

struct Built {
    ImFontAtlas atlas;
    kiosk::ui::Fonts fonts;
};

kiosk::core::GlyphSet small_glyphs() {
    kiosk::core::GlyphSet g;
    g.add_text("明白站长辈模式求助热线政策明白纸，。「」…");
    return g;
}

kiosk::ui::FontRequest request(const kiosk::core::GlyphSet& glyphs, const themes::Theme& theme,
                               float scale = 1) {
    return {font_bytes(), kiosk::core::Config{}.ui.font_index, &glyphs, &theme, scale};
}

void check_same_font(const ImFont& a, const ImFont& b) {
    CHECK(a.FontSize == b.FontSize);
    CHECK(a.Scale == b.Scale);
    CHECK(a.Ascent == b.Ascent);
    CHECK(a.Descent == b.Descent);
    CHECK(a.FallbackChar == b.FallbackChar);
    CHECK(a.EllipsisChar == b.EllipsisChar);
    CHECK(a.DotChar == b.DotChar);
    CHECK(a.FallbackAdvanceX == b.FallbackAdvanceX);
    CHECK(a.MetricsTotalSurface == b.MetricsTotalSurface);
    REQUIRE(a.Glyphs.Size == b.Glyphs.Size);
    for (int i = 0; i < a.Glyphs.Size; ++i) {
        const ImFontGlyph& x = a.Glyphs[i];
        const ImFontGlyph& y = b.Glyphs[i];
        CAPTURE(x.Codepoint);
        CHECK(x.Codepoint == y.Codepoint);
        CHECK(x.Visible == y.Visible);
        CHECK(x.Colored == y.Colored);
        CHECK(std::memcmp(&x.AdvanceX, &y.AdvanceX, sizeof(float) * 9) == 0);
    }
    REQUIRE(a.IndexAdvanceX.Size == b.IndexAdvanceX.Size);
    CHECK(std::memcmp(a.IndexAdvanceX.Data, b.IndexAdvanceX.Data,
                      sizeof(float) * static_cast<std::size_t>(a.IndexAdvanceX.Size)) == 0);
    REQUIRE(a.IndexLookup.Size == b.IndexLookup.Size);
    CHECK(std::memcmp(a.IndexLookup.Data, b.IndexLookup.Data,
                      sizeof(ImWchar) * static_cast<std::size_t>(a.IndexLookup.Size)) == 0);
    CHECK(std::memcmp(a.Used4kPagesMap, b.Used4kPagesMap, sizeof a.Used4kPagesMap) == 0);
    CHECK(a.FallbackGlyph - a.Glyphs.Data == b.FallbackGlyph - b.Glyphs.Data);
}

// The vertices ImGui makes for a line of text: what reaches the renderer.
std::vector<ImDrawVert> draw_text(const ImFont& font, ImTextureID texture, const char* text) {
    ImDrawListSharedData shared;
    ImDrawList list(&shared);
    list._ResetForNewFrame();
    list.PushClipRect({0, 0}, {2000, 2000});
    list.PushTextureID(texture);
    font.RenderText(&list, font.FontSize, {10, 20}, IM_COL32(0, 0, 0, 255), {0, 0, 2000, 2000},
                    text, nullptr, 300.0f);
    return {list.VtxBuffer.begin(), list.VtxBuffer.end()};
}

std::vector<std::byte> encoded(const ImFontAtlas& atlas, std::uint64_t key) {
    auto image = kiosk::ui::capture_atlas(atlas);
    REQUIRE(image);
    return kiosk::ui::encode_atlas(*image, key);
}

}  // namespace

TEST_CASE("an atlas comes back from its bytes as it was built, and draws the same") {
    REQUIRE_MESSAGE(!font_bytes().empty(), "install fonts-noto-cjk");
    Imgui imgui;
    const auto glyphs = small_glyphs();
    const themes::Theme theme;
    Built built;
    auto fonts = kiosk::ui::build_fonts(built.atlas, request(glyphs, theme));
    REQUIRE(fonts);

    const auto bytes = encoded(built.atlas, 42);
    auto image = kiosk::ui::decode_atlas(bytes, 42);
    REQUIRE_MESSAGE(image, image.error());
    ImFontAtlas restored;
    auto restored_fonts = kiosk::ui::restore_atlas(*image, restored);
    REQUIRE(restored_fonts);

    CHECK(restored.TexWidth == built.atlas.TexWidth);
    CHECK(restored.TexHeight == built.atlas.TexHeight);
    CHECK(restored.Flags == built.atlas.Flags);
    CHECK(restored.TexReady);
    CHECK(std::memcmp(&restored.TexUvScale, &built.atlas.TexUvScale, sizeof(ImVec2)) == 0);
    CHECK(std::memcmp(&restored.TexUvWhitePixel, &built.atlas.TexUvWhitePixel, sizeof(ImVec2)) ==
          0);
    CHECK(std::memcmp(restored.TexUvLines, built.atlas.TexUvLines, sizeof restored.TexUvLines) ==
          0);
    REQUIRE(restored.TexPixelsAlpha8);
    CHECK(std::memcmp(restored.TexPixelsAlpha8, built.atlas.TexPixelsAlpha8,
                      static_cast<std::size_t>(restored.TexWidth * restored.TexHeight)) == 0);
    REQUIRE(restored.Fonts.Size == built.atlas.Fonts.Size);
    for (int i = 0; i < restored.Fonts.Size; ++i) {
        CAPTURE(i);
        check_same_font(*built.atlas.Fonts[i], *restored.Fonts[i]);
        CHECK(restored.Fonts[i]->ContainerAtlas == &restored);
    }
    CHECK(restored_fonts->body == restored.Fonts[0]);
    CHECK(restored_fonts->tile == restored.Fonts[3]);

    // Text, including a character the atlas lacks (the fallback) and wrapping.
    const char* text = "明白站 政策明白纸，长辈模式「求助热线」… 12345 缺";
    const auto a = draw_text(*fonts->title, nullptr, text);
    const auto b = draw_text(*restored_fonts->title, nullptr, text);
    REQUIRE(a.size() == b.size());
    CHECK(!a.empty());
    CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(ImDrawVert)) == 0);
    const ImVec2 size_a = fonts->body->CalcTextSizeA(fonts->body->FontSize, 1e9f, 200, text);
    const ImVec2 size_b =
        restored_fonts->body->CalcTextSizeA(restored_fonts->body->FontSize, 1e9f, 200, text);
    CHECK(size_a.x == size_b.x);
    CHECK(size_a.y == size_b.y);
}

TEST_CASE("decoding refers to the bytes given an owner, and copies them without one") {
    Imgui imgui;
    const auto glyphs = small_glyphs();
    const themes::Theme theme;
    Built built;
    REQUIRE(kiosk::ui::build_fonts(built.atlas, request(glyphs, theme)));
    const auto bytes = std::make_shared<std::vector<std::byte>>(encoded(built.atlas, 7));
    const auto* first = reinterpret_cast<const std::uint8_t*>(bytes->data());
    const auto* last = first + bytes->size();

    auto shared = kiosk::ui::decode_atlas(*bytes, 7, bytes);
    REQUIRE(shared);
    CHECK(shared->alpha.data() >= first);
    CHECK(shared->alpha.data() + shared->alpha.size() == last);
    CHECK(shared->alpha_owner == bytes);

    auto copied = kiosk::ui::decode_atlas(*bytes, 7);
    REQUIRE(copied);
    CHECK((copied->alpha.data() < first || copied->alpha.data() >= last));
    CHECK(std::equal(copied->alpha.begin(), copied->alpha.end(), shared->alpha.begin()));
}

TEST_CASE("bytes cut short anywhere are refused") {
    Imgui imgui;
    const auto glyphs = small_glyphs();
    const themes::Theme theme;
    Built built;
    REQUIRE(kiosk::ui::build_fonts(built.atlas, request(glyphs, theme)));
    const auto bytes = encoded(built.atlas, 1);
    const std::size_t n = bytes.size();
    // In the header, the atlas fields, the glyph tables, the texture, and one byte short.
    for (const std::size_t cut :
         {std::size_t{0}, std::size_t{1}, std::size_t{39}, std::size_t{40}, std::size_t{41},
          std::size_t{200}, std::size_t{2000}, n / 2, n - 1000, n - 1}) {
        CAPTURE(cut);
        const auto r = kiosk::ui::decode_atlas(std::span(bytes).first(cut), 1);
        CHECK_FALSE(r);
    }
    // Longer than it says is no better.
    auto longer = bytes;
    longer.push_back(std::byte{0});
    CHECK_FALSE(kiosk::ui::decode_atlas(longer, 1));
    CHECK(kiosk::ui::decode_atlas(bytes, 1));
}

TEST_CASE("a changed byte anywhere is caught, and another key is refused") {
    Imgui imgui;
    const auto glyphs = small_glyphs();
    const themes::Theme theme;
    Built built;
    REQUIRE(kiosk::ui::build_fonts(built.atlas, request(glyphs, theme)));
    const auto bytes = encoded(built.atlas, 99);
    for (const std::size_t at :
         {std::size_t{0}, std::size_t{9}, std::size_t{17}, std::size_t{25}, std::size_t{33},
          std::size_t{45}, std::size_t{300}, bytes.size() / 2, bytes.size() - 1}) {
        CAPTURE(at);
        auto damaged = bytes;
        damaged[at] ^= std::byte{0x10};
        const auto r = kiosk::ui::decode_atlas(damaged, 99);
        CHECK_FALSE(r);
    }
    const auto other = kiosk::ui::decode_atlas(bytes, 98);
    REQUIRE_FALSE(other);
    CHECK(other.error().find("other fonts") != std::string::npos);
    std::vector<std::byte> garbage(5000, std::byte{0x5A});
    CHECK_FALSE(kiosk::ui::decode_atlas(garbage, 99));
}

TEST_CASE("an image whose values make no sense is refused even with a right checksum") {
    Imgui imgui;
    const auto glyphs = small_glyphs();
    const themes::Theme theme;
    Built built;
    REQUIRE(kiosk::ui::build_fonts(built.atlas, request(glyphs, theme)));
    auto good = kiosk::ui::capture_atlas(built.atlas);
    REQUIRE(good);
    const auto refused = [](const kiosk::ui::AtlasImage& image) {
        return !kiosk::ui::decode_atlas(kiosk::ui::encode_atlas(image, 5), 5);
    };
    CHECK_FALSE(refused(*good));
    {
        auto bad = *good;
        bad.fonts[1].glyphs[3].U1 = 1.5f;  // outside the texture
        CHECK(refused(bad));
    }
    {
        auto bad = *good;
        bad.fonts[0].glyphs[0].Codepoint = 0x20000;  // beyond the 16-bit code points
        CHECK(refused(bad));
    }
    {
        auto bad = *good;
        bad.fonts[2].glyphs.clear();  // ImGui cannot look anything up in an empty font
        CHECK(refused(bad));
    }
    {
        auto bad = *good;
        bad.fonts[0].size = std::numeric_limits<float>::quiet_NaN();
        CHECK(refused(bad));
    }
    {
        auto bad = *good;
        bad.height = 0;
        bad.alpha = {};
        CHECK(refused(bad));
    }
    {
        auto bad = *good;
        bad.fonts.clear();
        CHECK(refused(bad));
    }
}

TEST_CASE("the key changes with everything that changes the atlas, and only then") {
    const auto glyphs = small_glyphs();
    const themes::Theme theme;
    const std::string font = "/fonts/a.ttc ino 1 size 100 mtime 5.0";
    const auto base = kiosk::ui::atlas_key(request(glyphs, theme), font);
    CHECK(kiosk::ui::atlas_key(request(glyphs, theme), font) == base);

    auto more = glyphs;
    more.add(U'障');
    CHECK(kiosk::ui::atlas_key(request(more, theme), font) != base);
    CHECK(kiosk::ui::atlas_key(request(glyphs, theme), font + "1") != base);
    CHECK(kiosk::ui::atlas_key(request(glyphs, theme, 1.5f), font) != base);
    auto other_face = request(glyphs, theme);
    other_face.face_index += 1;
    CHECK(kiosk::ui::atlas_key(other_face, font) != base);
    for (float themes::Theme::FontSizes::*size :
         {&themes::Theme::FontSizes::body, &themes::Theme::FontSizes::heading,
          &themes::Theme::FontSizes::title, &themes::Theme::FontSizes::tile}) {
        themes::Theme bigger;
        bigger.font_px.*size += 1;
        CHECK(kiosk::ui::atlas_key(request(glyphs, bigger), font) != base);
    }
    // Colours and spacing do not change the atlas.
    themes::Theme recoloured;
    recoloured.colors.text = {1, 2, 3, 255};
    recoloured.padding += 4;
    CHECK(kiosk::ui::atlas_key(request(glyphs, recoloured), font) == base);
}

TEST_CASE("an atlas with its texture already dropped cannot be captured") {
    Imgui imgui;
    const auto glyphs = small_glyphs();
    const themes::Theme theme;
    Built built;
    REQUIRE(kiosk::ui::build_fonts(built.atlas, request(glyphs, theme)));
    built.atlas.ClearTexData();
    CHECK_FALSE(kiosk::ui::capture_atlas(built.atlas));
}
