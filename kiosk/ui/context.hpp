// Everything a screen needs to draw one frame: config, theme, fonts, scale, time, label registry.
#pragma once

#include <cstdint>
#include <ctime>

#include <imgui.h>

#include "base/date.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/request_service.hpp"
#include "kiosk/ui/texture_source.hpp"
#include "kiosk/ui/screen_labels.hpp"
#include "themes/theme.hpp"

namespace kiosk::ui {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
    ImFont* tile = nullptr;
};

struct Context {
    const core::Config& config;
    const themes::Theme& theme;
    const Fonts& fonts;
    ScreenLabels& labels;
    float width = 720;  // screen size in pixels
    float height = 1280;
    float scale = 1;            // theme sizes are for a 720 px short side
    std::int64_t now_ms = 0;    // the app clock (virtual under the script driver)
    std::time_t wall_time = 0;  // for dates shown to residents
    base::Date today{};
    const core::Content* content = nullptr;  // never null while the kiosk runs
    core::PrintService* printing = nullptr;  // null when no printer can be used: no print buttons
    core::RequestService* requests = nullptr;  // null when requests cannot be stored: no 帮办代办 tile
    TextureSource* textures = nullptr;

    bool landscape() const { return width > height; }
    float px(float reference_px) const { return reference_px * scale; }
};

}  // namespace kiosk::ui
