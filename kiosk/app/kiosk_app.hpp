// Wires the kiosk together: config, themes, fonts, the SDL platform, input, the core and the
// screens; runs the event loop, which sleeps while nothing changes and wakes at once when a core
// worker reports. The script driver steps it frame by frame.
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
#include <utility>
#include <vector>

#include "kiosk/app/app_clock.hpp"
#include "kiosk/app/font_file.hpp"
#include "kiosk/app/input_router.hpp"
#include "kiosk/app/sdl_platform.hpp"
#include "kiosk/app/sdl_textures.hpp"
#include "kiosk/app/theme_atlases.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/glyph_set.hpp"
#include "kiosk/core/idle_timer.hpp"
#include "kiosk/core/kiosk_core.hpp"
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

// How long the loop may sleep before the next frame is due, from what is on screen: a gliding
// page wants about 60 frames a second, a waiting screen's moving bar about 10; neither stops
// an event (a touch, a worker's report) from waking the loop at once.
int frame_interval_ms(ui::KioskUi::Animation animation);

class KioskApp {
  public:
    static std::expected<std::unique_ptr<KioskApp>, std::string> create(AppOptions options);
    ~KioskApp();
    KioskApp(const KioskApp&) = delete;
    KioskApp& operator=(const KioskApp&) = delete;

    // The interactive loop, until the window closes or SIGTERM/SIGINT arrive.
    int run();

    // Handles queued SDL events; false once the kiosk is asked to quit.
    bool pump_events(int* handled = nullptr);
    // One frame; under the virtual clock it moves time 16 ms unless `advance` is false.
    FrameTiming frame(Pixels* capture = nullptr, bool advance = true);
    void settle(int frames = 3);  // enough frames for a tap to land and the next screen to draw

    InputRouter& input() { return *input_; }
    AppClock& clock() { return clock_; }
    void note_activity() { idle_.touch(clock_.now_ms()); }
    const ui::ScreenLabels& labels() const { return labels_; }
    std::string screen_name() const { return ui_->screen_name(); }
    const SdlPlatform& platform() const { return *platform_; }
    std::size_t glyph_count() const { return glyphs_->size(); }
    std::optional<double> first_frame_ms() const { return first_frame_ms_; }
    core::KioskCore& core() { return *core_; }
    std::uint64_t frames_drawn() const { return frames_; }
    // Every frame's time (build + render, ms) from now on, for the bench's worst-frame figures.
    void start_recording_frames() {
        recorded_.clear();
        recording_ = true;
    }
    std::vector<double> take_recorded_frames() {
        recording_ = false;
        return std::exchange(recorded_, {});
    }

  private:
    explicit KioskApp(AppOptions options);
    std::expected<void, std::string> use_theme(const std::string& name);
    int wait_timeout_ms() const;
    void log_screen_change();
    // Puts content the updater brought on screen between residents, once the font atlas for its
    // characters is ready (built on the atlas worker, never in a frame).
    void switch_content_when_safe();
    AtlasSource atlas_source(const core::GlyphSet* glyphs) const;

    AppOptions options_;
    AppClock clock_;
    ImGuiContext* imgui_ = nullptr;
    std::unique_ptr<SdlPlatform> platform_;
    std::optional<FontFile> font_file_;
    std::unique_ptr<core::KioskCore> core_;
    std::unique_ptr<core::GlyphSet> glyphs_;
    std::unique_ptr<ThemeAtlases> atlases_;  // after the font and glyphs it reads
    // For content waiting to go on screen whose characters the atlas lacks: its glyphs and the
    // atlases being readied for them.
    std::shared_ptr<const core::Content> next_content_;  // what next_atlases_ are readied for
    std::unique_ptr<core::GlyphSet> next_glyphs_;
    std::unique_ptr<ThemeAtlases> next_atlases_;
    std::map<std::string, themes::Theme> themes_;
    const themes::Theme* theme_ = nullptr;
    ui::Fonts fonts_;
    float scale_ = 1;
    ui::ScreenLabels labels_;
    std::unique_ptr<SdlTextures> textures_;
    std::unique_ptr<ui::KioskUi> ui_;
    std::unique_ptr<InputRouter> input_;
    core::IdleTimer idle_;
    std::int64_t last_frame_ms_ = 0;
    std::chrono::steady_clock::time_point last_frame_at_{};
    std::optional<double> first_frame_ms_;
    std::uint64_t frames_ = 0;
    bool recording_ = false;
    std::vector<double> recorded_;
    std::string last_screen_;
};

}  // namespace kiosk::app
