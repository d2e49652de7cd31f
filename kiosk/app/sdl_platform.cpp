// The SDL2 window and SDL_Renderer with ImGui's SDL backends.
#include "kiosk/app/sdl_platform.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "base/log.hpp"
#include "kiosk/app/huge_pages.hpp"
#include "kiosk/app/software_gl.hpp"

namespace kiosk::app {

namespace {

// GL_RENDERER of the OpenGL (ES) context the renderer just made current; nullopt for renderers
// that are not OpenGL.
std::optional<std::string> gl_renderer_string(SDL_Renderer* renderer) {
    SDL_RendererInfo info{};
    if (SDL_GetRendererInfo(renderer, &info) != 0 || !info.name) return std::nullopt;
    if (!std::string_view(info.name).starts_with("opengl")) return std::nullopt;
    using GetString = const unsigned char* (*)(unsigned);
    constexpr unsigned kGlRenderer = 0x1F01;
    const auto get = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
    const unsigned char* text = get ? get(kGlRenderer) : nullptr;
    if (!text) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(text));
}

}  // namespace

std::expected<std::unique_ptr<SdlPlatform>, std::string> SdlPlatform::create(
    const PlatformOptions& options) {
    use_huge_pages_for_sdl();  // before SDL allocates anything, hints included
    if (options.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    // Why the software renderer, when it is decided before any window exists. Where OpenGL could
    // only be a CPU rasteriser, not even loading it spares about 40 MB and a quarter second.
    std::string software_why;
    if (options.headless) {
        software_why = "headless";
    } else if (options.force_software) {
        software_why = "asked for (--software or display.renderer = \"software\")";
    } else if (auto why = software_gl_without_asking(GlEnvironment::current())) {
        software_why = *why;
    }
    // Touch panels deliver finger events; SDL turns them into mouse events, which is all the
    // UI needs. The kiosk must never blank its screen on its own.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        return std::unexpected(std::string("SDL could not start the display: ") + SDL_GetError());
    }
    std::unique_ptr<SdlPlatform> p(new SdlPlatform());
    p->video_driver_ = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "?";

    // Hidden until the renderer is settled, so a window replaced below never flashes on screen.
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE | SDL_WINDOW_HIDDEN;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    const auto open_window = [&] {
        return SDL_CreateWindow("明白站", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                options.width, options.height, flags);
    };
    p->window_ = open_window();
    if (!p->window_) {
        return std::unexpected(std::string("SDL could not open a window: ") + SDL_GetError());
    }
    if (software_why.empty()) {
        p->renderer_ = SDL_CreateRenderer(p->window_, -1, SDL_RENDERER_ACCELERATED);
        if (!p->renderer_) {
            software_why = std::string("no accelerated renderer: ") + SDL_GetError();
        } else if (const auto gl = gl_renderer_string(p->renderer_)) {
            base::log::info("app", "OpenGL renderer: ", *gl);
            if (is_software_gl(*gl)) {
                software_why = "OpenGL here is " + *gl + ", a software rasteriser";
                SDL_DestroyRenderer(p->renderer_);
                p->renderer_ = nullptr;
                // SDL made the window an OpenGL one for that renderer; a plain one takes the
                // software renderer's surface straight to the display.
                SDL_DestroyWindow(p->window_);
                p->window_ = open_window();
                if (!p->window_) {
                    return std::unexpected(std::string("SDL could not open a window: ") +
                                           SDL_GetError());
                }
            }
        }
    }
    if (!p->renderer_) {
        // Without this, SDL backs the software renderer's window surface with a GPU texture, and
        // with no GPU it spends seconds compiling shaders for Mesa's CPU rasteriser and keeps it
        // loaded. SDL reads the hint when the window's surface is first made: now.
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        p->renderer_ = SDL_CreateRenderer(p->window_, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!p->renderer_) {
        return std::unexpected(std::string("SDL could not create a renderer: ") + SDL_GetError());
    }
    SDL_ShowWindow(p->window_);
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(p->renderer_, &info);
    p->renderer_name_ = info.name ? info.name : "?";
    p->software_ = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    if (p->software_) base::log::info("app", "software renderer: ", software_why);

    ImGui_ImplSDL2_InitForSDLRenderer(p->window_);
    ImGui_ImplSDLRenderer_Init(p->renderer_);
    return p;
}

SdlPlatform::~SdlPlatform() {
    if (font_texture_) SDL_DestroyTexture(font_texture_);
    if (renderer_) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        SDL_DestroyRenderer(renderer_);
    }
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
}

void SdlPlatform::begin_frame() {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
}

void SdlPlatform::render(std::uint32_t clear_rgba) {
    SDL_SetRenderDrawColor(renderer_, static_cast<Uint8>(clear_rgba >> 24),
                           static_cast<Uint8>(clear_rgba >> 16),
                           static_cast<Uint8>(clear_rgba >> 8), 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
}

Pixels SdlPlatform::read_pixels() {
    Pixels px;
    SDL_GetRendererOutputSize(renderer_, &px.width, &px.height);
    px.rgba.resize(static_cast<std::size_t>(px.width) * static_cast<std::size_t>(px.height) * 4);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, px.rgba.data(),
                             px.width * 4) != 0) {
        px.rgba.clear();
    }
    return px;
}

void SdlPlatform::present() {
    SDL_RenderPresent(renderer_);
}

void SdlPlatform::reload_font_texture(std::span<const std::uint8_t> alpha, int w, int h) {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* atlas = io.Fonts;
    if (!backend_has_stand_in_) {
        // The backend makes its font texture on the next frame unless it has one, by way of an
        // RGBA copy of the whole atlas: 9 MB of fresh memory, a costly thing to touch at start.
        // It gets a 1x1 stand-in from an atlas of its own instead; the texture drawn with is the
        // one made below, straight from the alpha, and named in the atlas (SetTexID).
        ImFontAtlas stand_in;
        stand_in.TexWidth = stand_in.TexHeight = 1;
        stand_in.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(1));
        stand_in.TexPixelsAlpha8[0] = 0;
        io.Fonts = &stand_in;
        ImGui_ImplSDLRenderer_CreateFontsTexture();
        io.Fonts = atlas;
        backend_has_stand_in_ = true;
    }
    if (font_texture_) SDL_DestroyTexture(font_texture_);
    font_texture_ = nullptr;
    if (w <= 0 || h <= 0 ||
        alpha.size() != static_cast<std::size_t>(w) * static_cast<std::size_t>(h)) {
        base::log::error("app", "font texture ", w, "x", h, " has ", alpha.size(), " pixels");
        return;
    }
    // The software renderer's streaming texture is its surface: written in place, no copy. Other
    // renderers keep a shadow copy of a streaming texture for good, so they get a static one.
    const int access = software_ ? SDL_TEXTUREACCESS_STREAMING : SDL_TEXTUREACCESS_STATIC;
    font_texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, access, w, h);
    if (font_texture_) {
        // The pixels ImGui's GetTexDataAsRGBA32 would make: white, with the glyph's coverage as
        // alpha.
        const auto fill = [&](void* pixels, int pitch) {
            for (int y = 0; y < h; ++y) {
                auto* row = reinterpret_cast<std::uint32_t*>(
                    static_cast<std::uint8_t*>(pixels) + static_cast<std::ptrdiff_t>(y) * pitch);
                const std::uint8_t* src = alpha.data() + static_cast<std::ptrdiff_t>(y) * w;
                for (int x = 0; x < w; ++x) row[x] = IM_COL32(255, 255, 255, src[x]);
            }
        };
        void* pixels = nullptr;
        int pitch = 0;
        if (software_ && SDL_LockTexture(font_texture_, nullptr, &pixels, &pitch) == 0) {
            fill(pixels, pitch);
            SDL_UnlockTexture(font_texture_);
        } else {
            std::vector<std::uint32_t> rgba(static_cast<std::size_t>(w) *
                                            static_cast<std::size_t>(h));
            fill(rgba.data(), w * 4);
            SDL_UpdateTexture(font_texture_, nullptr, rgba.data(), w * 4);
        }
        SDL_SetTextureBlendMode(font_texture_, SDL_BLENDMODE_BLEND);
    } else {
        base::log::error("app", "font texture ", w, "x", h, " not made: ", SDL_GetError());
    }
    atlas->SetTexID(static_cast<ImTextureID>(font_texture_));
}

int SdlPlatform::width() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    return w;
}

int SdlPlatform::height() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    return h;
}

}  // namespace kiosk::app
