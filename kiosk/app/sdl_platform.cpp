// The SDL2 window and SDL_Renderer with ImGui's SDL backends.
#include "kiosk/app/sdl_platform.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

namespace kiosk::app {

std::expected<std::unique_ptr<SdlPlatform>, std::string> SdlPlatform::create(
    const PlatformOptions& options) {
    if (options.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    // Without this, SDL backs a software window surface with a GPU texture, and with no GPU it
    // spends seconds compiling shaders for Mesa's CPU rasterizer.
    if (options.headless || options.force_software) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
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

    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    p->window_ = SDL_CreateWindow("明白站", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                  options.width, options.height, flags);
    if (!p->window_) {
        return std::unexpected(std::string("SDL could not open a window: ") + SDL_GetError());
    }
    if (!options.force_software && !options.headless) {
        p->renderer_ = SDL_CreateRenderer(p->window_, -1, SDL_RENDERER_ACCELERATED);
    }
    if (!p->renderer_) {
        p->renderer_ = SDL_CreateRenderer(p->window_, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!p->renderer_) {
        return std::unexpected(std::string("SDL could not create a renderer: ") + SDL_GetError());
    }
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(p->renderer_, &info);
    p->renderer_name_ = info.name ? info.name : "?";
    p->software_ = (info.flags & SDL_RENDERER_SOFTWARE) != 0;

    ImGui_ImplSDL2_InitForSDLRenderer(p->window_);
    ImGui_ImplSDLRenderer_Init(p->renderer_);
    return p;
}

SdlPlatform::~SdlPlatform() {
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

void SdlPlatform::reload_font_texture() {
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
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
