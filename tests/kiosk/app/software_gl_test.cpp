// Tests kiosk/app/software_gl: CPU rasterisers are told from GPUs by GL_RENDERER, and a machine
// without any GPU device is known to be one before OpenGL is loaded.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk/app/software_gl.hpp"

namespace fs = std::filesystem;

namespace {

fs::path fake_dev(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("mingbai-dev-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("software rasterisers are software, whatever they call themselves") {
    for (const char* r : {"llvmpipe (LLVM 15.0.6, 256 bits)", "softpipe", "Mesa DRI swrast",
                          "Software Rasterizer", "SwiftShader Device (LLVM 10.0.0)",
                          "Google SwiftShader", "GDI Generic", "Apple Software Renderer"}) {
        CAPTURE(r);
        CHECK(kiosk::app::is_software_gl(r));
    }
}

TEST_CASE("GPUs are not, LLVM in the name or not") {
    for (const char* r :
         {"Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
          "AMD Radeon RX 580 Series (polaris10, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)",
          "NVIDIA GeForce GTX 1050/PCIe/SSE2", "Mali-G52 (Panfrost)", "V3D 4.2",
          "virgl (Intel(R) UHD Graphics)", "Vivante GC7000L rev 6214"}) {
        CAPTURE(r);
        CHECK_FALSE(kiosk::app::is_software_gl(r));
    }
}

TEST_CASE("without a GPU device, OpenGL can only be software, and is not even asked") {
    auto env = kiosk::app::GlEnvironment{"", "", fake_dev("none")};
    const auto why = kiosk::app::software_gl_without_asking(env);
    REQUIRE(why);
    CHECK(why->find("no GPU device") != std::string::npos);

    // A display-only DRM device (simpledrm, a bare framebuffer) has no render node.
    fs::create_directories(env.dev / "dri");
    std::ofstream(env.dev / "dri" / "card0").close();
    CHECK(kiosk::app::software_gl_without_asking(env));
}

TEST_CASE("with a GPU device, GL_RENDERER has to say") {
    auto env = kiosk::app::GlEnvironment{"", "", fake_dev("render")};
    fs::create_directories(env.dev / "dri");
    std::ofstream(env.dev / "dri" / "renderD128").close();
    CHECK_FALSE(kiosk::app::software_gl_without_asking(env));

    for (const char* node : {"nvidiactl", "mali0", "galcore"}) {
        CAPTURE(node);
        auto vendor = kiosk::app::GlEnvironment{"", "", fake_dev(node)};
        std::ofstream(vendor.dev / node).close();
        CHECK_FALSE(kiosk::app::software_gl_without_asking(vendor));
    }
}

TEST_CASE("Mesa told to rasterise in software is software, GPU or not") {
    const auto dev = fake_dev("forced");
    fs::create_directories(dev / "dri");
    std::ofstream(dev / "dri" / "renderD128").close();
    CHECK(kiosk::app::software_gl_without_asking({"1", "", dev}));
    CHECK(kiosk::app::software_gl_without_asking({"true", "", dev}));
    CHECK(kiosk::app::software_gl_without_asking({"", "llvmpipe", dev}));
    CHECK_FALSE(kiosk::app::software_gl_without_asking({"0", "", dev}));
    CHECK_FALSE(kiosk::app::software_gl_without_asking({"", "iris", dev}));
}
