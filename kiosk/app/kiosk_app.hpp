// Wires the kiosk together: config, themes, fonts, the SDL platform, input and the UI; runs the
// event loop that sleeps while nothing changes. The script driver steps it frame by frame.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/app/app_clock.hpp"
#include "kiosk/app/font_file.hpp"
#include "kiosk/app/input_router.hpp"
#include "kiosk/app/sdl_platform.hpp"
#include "kiosk/app/sdl_textures.hpp"
#include "kiosk/app/theme_atlases.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/request_service.hpp"
#include "kiosk/core/state_db.hpp"
#include "scanner/card_watch.hpp"
#include "scanner/device_scanner.hpp"
#include "scanner/scan_worker.hpp"

#include <mutex>
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/glyph_set.hpp"
#include "kiosk/core/idle_timer.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kiosk_ui.hpp"
#include "kiosk/ui/screen_labels.hpp"
#include "themes/theme.hpp"

struct ImGuiContext;

namespace kiosk::app {

struct AppOptions {
    core::Config config;
    PlatformOptions platform;
    bool virtual_clock = false;  // the script driver's time
    std::filesystem::path share_dir;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct FrameTiming {
    double build_ms = 0;   // input, UI code, ImGui::Render
    double render_ms = 0;  // draw data to pixels and present
};

class KioskApp {
  public:
    static std::expected<std::unique_ptr<KioskApp>, std::string> create(AppOptions options);
    ~KioskApp();
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    // The interactive loop, until the window closes or SIGTERM/SIGINT arrive.
    int run();

    // Handles queued SDL events; false once the kiosk is asked to quit.
    bool pump_events();
    // One frame; under the virtual clock it moves time 16 ms unless `advance` is false.
    FrameTiming frame(Pixels* capture = nullptr, bool advance = true);
    void settle(int frames = 3);  // enough frames for a tap to land and the next screen to draw

    InputRouter& input() { return input_; }
    AppClock& clock() { return clock_; }
    void note_activity() { idle_.touch(clock_.now_ms()); }
    const ui::ScreenLabels& labels() const { return labels_; }
    std::string_view screen_name() const { return ui_.screen_name(); }
    const SdlPlatform& platform() const { return *platform_; }
    std::size_t glyph_count() const { return glyphs_.size(); }
    std::optional<double> first_frame_ms() const { return first_frame_ms_; }
    const core::Content& content() const { return content_; }
    core::PrintService* printing() { return printing_.get(); }

  private:
    explicit KioskApp(AppOptions options);
    std::expected<void, std::string> use_theme(const std::string& name);
    int wait_timeout_ms() const;

    AppOptions options_;
    AppClock clock_;
    ImGuiContext* imgui_ = nullptr;
    std::unique_ptr<SdlPlatform> platform_;
    std::optional<FontFile> font_file_;
    core::Content content_;
    core::GlyphSet glyphs_;
    std::unique_ptr<ThemeAtlases> atlases_;  // after the font and glyphs it reads
    std::map<std::string, themes::Theme> themes_;
    const themes::Theme* theme_ = nullptr;
    ui::Fonts fonts_;
    float scale_ = 1;
    ui::ScreenLabels labels_;
    std::unique_ptr<core::StateDb> state_;
    std::unique_ptr<core::PrintService> printing_;
    std::unique_ptr<core::RequestService> requests_;
    std::unique_ptr<SdlTextures> textures_;
    // Payloads from scanners on their own threads (serial, evdev, camera, card reader), handed
    // to the UI thread here.
    void external_scan(std::string payload);
    std::mutex external_mutex_;
    std::vector<std::string> external_scans_;
    std::vector<std::unique_ptr<scanner::DeviceScanner>> device_scanners_;
    std::unique_ptr<scanner::CardWatch> card_watch_;
    std::unique_ptr<scanner::ScanWorker> camera_;
    ui::KioskUi ui_;
    InputRouter input_;
    core::IdleTimer idle_;
    std::int64_t last_frame_ms_ = 0;
    std::optional<double> first_frame_ms_;
};

}  // namespace kiosk::app
