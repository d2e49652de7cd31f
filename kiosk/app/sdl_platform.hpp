// The SDL2 window and SDL_Renderer with ImGui's SDL backends: a real window, or SDL's offscreen
// driver for the headless tour and tests. Accelerated rendering where there is a GPU; SDL's
// software renderer where there is none, OpenGL on a CPU rasteriser (llvmpipe) included.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Texture;
union SDL_Event;

namespace kiosk::app {

struct PlatformOptions {
    int width = 720;
    int height = 1280;
    bool fullscreen = false;
    bool headless = false;  // SDL's offscreen video driver: no display needed
    bool force_software = false;
};

struct Pixels {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
};

class SdlPlatform {
  public:
    static std::expected<std::unique_ptr<SdlPlatform>, std::string> create(
        const PlatformOptions& options);
    ~SdlPlatform();
    SdlPlatform(const SdlPlatform&) = delete;
    SdlPlatform& operator=(const SdlPlatform&) = delete;

    void begin_frame();                     // the backends' NewFrame
    void render(std::uint32_t clear_rgba);  // ImGui's draw data into the back buffer
    Pixels read_pixels();                   // the back buffer, between render() and present()
    void present();
    // After the font atlas was filled: uploads its texture (`alpha`, a byte a pixel) as the one
    // text is drawn with, and names it in the atlas.
    void reload_font_texture(std::span<const std::uint8_t> alpha, int width, int height);

    int width() const;
    int height() const;
    bool software() const { return software_; }
    const std::string& renderer_name() const { return renderer_name_; }
    const std::string& video_driver() const { return video_driver_; }
    SDL_Renderer* renderer() const { return renderer_; }

  private:
    SdlPlatform() = default;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Texture* font_texture_ = nullptr;  // the atlas, as drawn with
    bool backend_has_stand_in_ = false;
    bool software_ = false;
    std::string renderer_name_;
    std::string video_driver_;
};

}  // namespace kiosk::app
