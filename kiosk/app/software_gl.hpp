// Tells a software rasteriser from a GPU: before any OpenGL is loaded, by whether the machine has
// a GPU device at all (or Mesa is told to rasterise in software); after, by GL_RENDERER.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::app {

// True for renderers that rasterise on the CPU: Mesa's llvmpipe, softpipe and swrast ("Software
// Rasterizer"), SwiftShader, and the like. They are OpenGL in name only: a kiosk is better off
// with SDL's own software renderer, which draws the same frames in less memory.
bool is_software_gl(std::string_view gl_renderer);

// What decides, without loading OpenGL, whether it could be anything but software.
struct GlEnvironment {
    std::string libgl_always_software;  // Mesa's LIBGL_ALWAYS_SOFTWARE
    std::string gallium_driver;         // Mesa's GALLIUM_DRIVER
    std::filesystem::path dev = "/dev";
    static GlEnvironment current();
};

// Why OpenGL can only be a software rasteriser here, found without loading it; nullopt when a GPU
// may be present and GL_RENDERER has to say.
std::optional<std::string> software_gl_without_asking(const GlEnvironment& env);

}  // namespace kiosk::app
