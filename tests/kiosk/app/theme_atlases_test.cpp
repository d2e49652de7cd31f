// Tests kiosk/app/theme_atlases: a theme's atlas is built once, cached, and read back the same;
// a cache file that is damaged, truncated or made for other fonts is logged, rebuilt and
// overwritten; the other theme is readied on the worker; and the kiosk draws the same screen from
// the cache as from a fresh build.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <imgui.h>

#include "kiosk/app/atlas_file.hpp"
#include "kiosk/app/theme_atlases.hpp"
#include "kiosk/core/config.hpp"
#include "themes/theme.hpp"

namespace fs = std::filesystem;
using kiosk::app::AtlasOrigin;

namespace {

fs::path scratch(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("mingbai-theme-atlases-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

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

themes::Theme theme(const std::string& name) {
    auto t = themes::load_theme(fs::path(SOURCE_DIR) / "themes" / (name + ".toml"));
    REQUIRE(t);
    return *t;
}

// One kiosk's worth of fonts: an ImGui context, the glyph set, and the atlases' source.
struct Setup {
    ImGuiContext* ctx = ImGui::CreateContext();
    kiosk::core::GlyphSet glyphs;
    fs::path cache;
    explicit Setup(const fs::path& data) : cache(data / "cache") {
        glyphs.add_text("明白站长辈模式求助热线政策明白纸，。");
    }
    ~Setup() { ImGui::DestroyContext(ctx); }
    kiosk::app::AtlasSource source() const {
        return {font_bytes(),
                kiosk::core::Config{}.ui.font_index,
                kiosk::core::Config{}.ui.font,
                "test font, fixed identity",
                &glyphs,
                cache};
    }
};

std::vector<std::uint8_t> pixels(const kiosk::app::InstalledAtlas& a) {
    return {a.image->alpha.begin(), a.image->alpha.end()};
}

}  // namespace

TEST_CASE("the first install builds and caches the atlas, and the next reads it back the same") {
    Setup s(scratch("first"));
    const auto standard = theme("standard");
    std::vector<std::uint8_t> built_pixels;
    std::vector<ImFontGlyph> built_glyphs;
    {
        kiosk::app::ThemeAtlases atlases(s.source());
        auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
        REQUIRE(a);
        CHECK(a->origin == AtlasOrigin::built);
        built_pixels = pixels(*a);
        built_glyphs.assign(a->fonts.tile->Glyphs.begin(), a->fonts.tile->Glyphs.end());
        atlases.wait_until_idle();
        CHECK(fs::exists(atlases.cache_file("standard")));
    }
    ImFontAtlas other;
    kiosk::app::ThemeAtlases atlases(s.source());
    auto b = atlases.install(other, standard, 1);
    REQUIRE(b);
    CHECK(b->origin == AtlasOrigin::cache_file);
    CHECK(pixels(*b) == built_pixels);
    REQUIRE(b->fonts.tile->Glyphs.Size == static_cast<int>(built_glyphs.size()));
    CHECK(std::memcmp(b->fonts.tile->Glyphs.Data, built_glyphs.data(),
                      built_glyphs.size() * sizeof(ImFontGlyph)) == 0);
}

TEST_CASE("a damaged, truncated, foreign or unreadable cache file is rebuilt and overwritten") {
    const auto standard = theme("standard");
    // Each way a cache file goes wrong, done to a good one.
    const std::vector<std::pair<const char*, void (*)(const fs::path&)>> damages = {
        {"a byte changed",
         [](const fs::path& f) {
             std::fstream io(f, std::ios::in | std::ios::out | std::ios::binary);
             io.seekp(static_cast<std::streamoff>(fs::file_size(f) / 2));
             io.put('\x7F');
         }},
        {"cut short", [](const fs::path& f) { fs::resize_file(f, fs::file_size(f) - 100); }},
        {"empty", [](const fs::path& f) { fs::resize_file(f, 0); }},
        {"not an atlas", [](const fs::path& f) { std::ofstream(f) << "hello"; }},
        {"a folder",
         [](const fs::path& f) {
             fs::remove(f);
             fs::create_directories(f);
         }},
    };
    for (const auto& [what, damage] : damages) {
        CAPTURE(what);
        Setup s(scratch(std::string("damage-") + what));
        std::vector<std::uint8_t> good;
        {
            kiosk::app::ThemeAtlases atlases(s.source());
            auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
            REQUIRE(a);
            good = pixels(*a);
            atlases.wait_until_idle();
            damage(atlases.cache_file("standard"));
        }
        {
            kiosk::app::ThemeAtlases atlases(s.source());
            auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
            REQUIRE(a);
            CHECK(a->origin == AtlasOrigin::built);
            CHECK(pixels(*a) == good);
            atlases.wait_until_idle();
        }
        const bool folder = std::string(what) == "a folder";
        kiosk::app::ThemeAtlases atlases(s.source());
        auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
        REQUIRE(a);
        // Overwritten with a good one; a folder in its place is left for staff to look at.
        CHECK(a->origin == (folder ? AtlasOrigin::built : AtlasOrigin::cache_file));
        CHECK(pixels(*a) == good);
    }
}

TEST_CASE("a cache file made for other sizes or another font is not used, and is replaced") {
    Setup s(scratch("foreign"));
    const auto standard = theme("standard");
    {
        kiosk::app::ThemeAtlases atlases(s.source());
        REQUIRE(atlases.install(*ImGui::GetIO().Fonts, standard, 1));
        atlases.wait_until_idle();
    }
    {
        // The screen is larger now: another scale, another atlas.
        kiosk::app::ThemeAtlases atlases(s.source());
        auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1.5f);
        REQUIRE(a);
        CHECK(a->origin == AtlasOrigin::built);
        atlases.wait_until_idle();
    }
    {
        kiosk::app::ThemeAtlases atlases(s.source());
        auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1.5f);
        REQUIRE(a);
        CHECK(a->origin == AtlasOrigin::cache_file);
    }
    // The font file was replaced.
    auto source = s.source();
    source.font_identity = "another font";
    kiosk::app::ThemeAtlases atlases(source);
    auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1.5f);
    REQUIRE(a);
    CHECK(a->origin == AtlasOrigin::built);
}

TEST_CASE(
    "the other theme is readied in the background: switching to it reads and builds nothing") {
    Setup s(scratch("switch"));
    const auto standard = theme("standard");
    const auto elder = theme("elder");
    kiosk::app::ThemeAtlases atlases(s.source());
    auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
    REQUIRE(a);
    const float standard_body = a->fonts.body->FontSize;  // the next install replaces the fonts
    atlases.prepare(elder, 1);
    atlases.wait_until_idle();
    // Built and cached by the worker...
    REQUIRE(fs::exists(atlases.cache_file("elder")));
    // ...and held in memory: with its file gone, installing it still needs nothing more.
    fs::remove(atlases.cache_file("elder"));
    auto e = atlases.install(*ImGui::GetIO().Fonts, elder, 1);
    REQUIRE(e);
    CHECK(e->origin == AtlasOrigin::memory);
    CHECK(e->fonts.body->FontSize > standard_body);
    // And back: the standard atlas is still in memory too.
    auto back = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
    REQUIRE(back);
    CHECK(back->origin == AtlasOrigin::memory);
    CHECK(pixels(*back) == pixels(*a));
}

TEST_CASE(
    "a preload at start reads the cache file on the worker, and installing takes its result") {
    Setup s(scratch("preload"));
    const auto standard = theme("standard");
    std::vector<ImFontGlyph> built;
    {
        kiosk::app::ThemeAtlases atlases(s.source());
        auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
        REQUIRE(a);
        built.assign(a->fonts.body->Glyphs.begin(), a->fonts.body->Glyphs.end());
        atlases.wait_until_idle();
    }
    kiosk::app::ThemeAtlases atlases(s.source());
    atlases.preload(standard, 1);
    // Whether the worker got to it first or the install took it back, the file was read once.
    auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
    REQUIRE(a);
    CHECK(a->origin == AtlasOrigin::cache_file);
    REQUIRE(a->fonts.body->Glyphs.Size == static_cast<int>(built.size()));
    CHECK(std::memcmp(a->fonts.body->Glyphs.Data, built.data(),
                      built.size() * sizeof(ImFontGlyph)) == 0);

    // Without a cache file the preload leaves the building to the install.
    auto fresh = s.source();
    fresh.cache_dir = scratch("preload-none") / "cache";
    kiosk::app::ThemeAtlases none(fresh);
    none.preload(standard, 1);
    auto b = none.install(*ImGui::GetIO().Fonts, standard, 1);
    REQUIRE(b);
    CHECK(b->origin == AtlasOrigin::built);
}

TEST_CASE("a data folder where no cache can be written costs only the cache") {
    Setup s(scratch("unwritable"));
    std::ofstream(s.cache) << "a file where the cache folder goes";
    const auto standard = theme("standard");
    kiosk::app::ThemeAtlases atlases(s.source());
    auto a = atlases.install(*ImGui::GetIO().Fonts, standard, 1);
    REQUIRE(a);
    CHECK(a->origin == AtlasOrigin::built);
    atlases.prepare(theme("elder"), 1);
    atlases.wait_until_idle();
    auto e = atlases.install(*ImGui::GetIO().Fonts, theme("elder"), 1);
    REQUIRE(e);
    CHECK(e->origin == AtlasOrigin::memory);
}

namespace {

int run_kiosk(const std::string& args, std::string& output) {
    const std::string cmd =
        "env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(BIN_DIR) + "/kiosk " + args + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buf{};
    while (const auto n = std::fread(buf.data(), 1, buf.size(), pipe)) output.append(buf.data(), n);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<char> file_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the kiosk draws the same screens from its atlas cache as from a fresh build") {
    const auto dir = scratch("kiosk");
    const auto script = dir / "fonts.script";
    // Screens without the clock, in both themes: the text is all that could differ.
    std::ofstream(script) << "tap 政策明白纸\nshot items\ntap 返回\ntap 长辈模式\n"
                             "tap 政策明白纸\nshot items-elder\n";
    const std::string common = "--headless --config " + std::string(TEST_DATA_DIR) +
                               "/config/test.toml --data-dir " + (dir / "data").string() +
                               " --script " + script.string();
    std::string cold, warm;
    REQUIRE_MESSAGE(run_kiosk(common + " --shots " + (dir / "cold").string(), cold) == 0, cold);
    CHECK(cold.find("atlas 2048x") != std::string::npos);
    CHECK(cold.find(" built, ready") != std::string::npos);
    CHECK(fs::exists(dir / "data" / "cache" / "atlas-standard.bin"));
    CHECK(fs::exists(dir / "data" / "cache" / "atlas-elder.bin"));
    REQUIRE_MESSAGE(run_kiosk(common + " --shots " + (dir / "warm").string(), warm) == 0, warm);
    CHECK_MESSAGE(warm.find("read from the cache, ready") != std::string::npos, warm);
    CHECK(warm.find(" built, ready") == std::string::npos);
    for (const char* shot : {"items.png", "items-elder.png"}) {
        CAPTURE(shot);
        const auto a = file_bytes(dir / "cold" / shot);
        REQUIRE(!a.empty());
        CHECK(a == file_bytes(dir / "warm" / shot));
    }
}
