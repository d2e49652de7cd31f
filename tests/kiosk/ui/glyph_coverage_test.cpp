// Tests kiosk/ui/fonts: every character of every UI string and of the config the screens show
// has a glyph in Noto Sans CJK SC, and the atlas built for the screen holds each of them.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <vector>

#include <imgui.h>

#include "base/utf8.hpp"
#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/ui_glyphs.hpp"
#include "themes/theme.hpp"

namespace {

std::vector<std::byte> read_font(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(bytes.size());
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return out;
}

std::string hex_list(const std::vector<char32_t>& cps) {
    std::string out;
    for (const auto cp : cps) out += base::utf8::encode(cp) + " ";
    return out;
}

}  // namespace

TEST_CASE("the UI's own strings were gathered into the glyph set at build time") {
    const auto glyphs = kiosk::ui::kiosk_glyphs(kiosk::core::Config{});
    for (const char32_t cp : base::utf8::decode("长辈模式扫到了一个码不会用也没关系求助热线星期")) {
        CAPTURE(base::utf8::encode(cp));
        CHECK(glyphs.contains(cp));
    }
}

TEST_CASE("every character of the UI and of the default content has a glyph in Noto Sans CJK SC") {
    const kiosk::core::Config config;
    const auto font = read_font(config.ui.font);
    REQUIRE_MESSAGE(!font.empty(), "install fonts-noto-cjk");
    const auto content =
        kiosk::core::read_content_sources(std::string(SOURCE_DIR) + "/kiosk/content");
    REQUIRE(content);
    const auto glyphs = kiosk::ui::kiosk_glyphs(config, &*content);
    CHECK(glyphs.contains(U'障'));  // from the content, not the UI
    const auto missing = kiosk::ui::missing_glyphs(font, config.ui.font_index, glyphs.sorted());
    REQUIRE(missing);
    CHECK_MESSAGE(missing->empty(), "no glyph for: " << hex_list(*missing));
}

TEST_CASE("the font atlas holds every glyph of the set, at every theme size") {
    const kiosk::core::Config config;
    const auto font = read_font(config.ui.font);
    REQUIRE(!font.empty());
    auto theme = themes::load_theme(std::string(SOURCE_DIR) + "/themes/elder.toml");
    REQUIRE(theme);
    const auto glyphs = kiosk::ui::kiosk_glyphs(config);

    ImGuiContext* ctx = ImGui::CreateContext();
    kiosk::ui::AtlasStats stats;
    auto fonts = kiosk::ui::build_fonts(
        *ImGui::GetIO().Fonts, {font, config.ui.font_index, &glyphs, &*theme, 1.0f}, &stats);
    REQUIRE(fonts);
    // Not the 20,000-glyph CJK range: only what is used.
    CHECK(stats.glyphs < 2000);
    for (ImFont* f : {fonts->body, fonts->heading, fonts->title, fonts->tile}) {
        for (const char32_t cp : glyphs.sorted()) {
            if (cp == U' ') continue;
            CAPTURE(base::utf8::encode(cp));
            CHECK(f->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
        }
    }
    ImGui::DestroyContext(ctx);
}

TEST_CASE("a character the font lacks is reported, not silently dropped") {
    const kiosk::core::Config config;
    const auto font = read_font(config.ui.font);
    REQUIRE(!font.empty());
    const auto missing = kiosk::ui::missing_glyphs(font, config.ui.font_index, {U'低', U'\uE000'});
    REQUIRE(missing);
    CHECK(*missing == std::vector<char32_t>{U'\uE000'});  // a private-use character
}
