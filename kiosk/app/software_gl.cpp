// Tells a software rasteriser from a GPU.
#include "kiosk/app/software_gl.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <system_error>

namespace kiosk::app {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool truthy(std::string_view value) {
    const std::string v = lower(value);
    return !v.empty() && v != "0" && v != "false" && v != "no" && v != "n" && v != "off";
}

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

}  // namespace

bool is_software_gl(std::string_view gl_renderer) {
    // GL_RENDERER strings of CPU rasterisers: Mesa's gallium llvmpipe and softpipe ("llvmpipe
    // (LLVM 15.0.6, 256 bits)"), its classic and xlib swrast ("Software Rasterizer", "Mesa X11"),
    // Google's SwiftShader, and Windows' and Apple's fallbacks should the code ever travel.
    static constexpr std::array<std::string_view, 8> kMarks = {
        "llvmpipe",    "softpipe", "swrast",      "software rasterizer",
        "swiftshader", "mesa x11", "gdi generic", "apple software renderer"};
    const std::string r = lower(gl_renderer);
    return std::ranges::any_of(kMarks, [&](std::string_view m) { return r.find(m) != r.npos; });
}

GlEnvironment GlEnvironment::current() {
    return {env("LIBGL_ALWAYS_SOFTWARE"), env("GALLIUM_DRIVER"), "/dev"};
}

std::optional<std::string> software_gl_without_asking(const GlEnvironment& e) {
    if (truthy(e.libgl_always_software)) return "LIBGL_ALWAYS_SOFTWARE is set";
    if (const std::string g = lower(e.gallium_driver);
        g == "llvmpipe" || g == "softpipe" || g == "swr") {
        return "GALLIUM_DRIVER is " + g;
    }
    // Hardware OpenGL needs a device: a DRM render node (every Mesa GPU driver, and NVIDIA's
    // with its DRM module), or the node of a vendor driver that bypasses DRM (NVIDIA without
    // it, Arm Mali, Vivante, PowerVR, the Raspberry Pi's firmware GL). Display-only DRM devices
    // (simpledrm, a bare framebuffer) have no render node; Mesa draws on them in software.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(e.dev / "dri", ec)) {
        if (entry.path().filename().string().starts_with("renderD")) return std::nullopt;
    }
    for (const char* node : {"nvidiactl", "mali0", "mali", "galcore", "pvr_sync", "vchiq"}) {
        if (std::filesystem::exists(e.dev / node, ec)) return std::nullopt;
    }
    return "no GPU device (no render node in " + (e.dev / "dri").string() +
           ", no vendor GPU node in " + e.dev.string() + ")";
}

}  // namespace kiosk::app
