// Everything a screen needs to draw one frame: config, theme, fonts, scale, time, label registry,
// and the core services it may ask for work (which never make a frame wait).
#pragma once

#include <cstdint>
#include <ctime>

#include <imgui.h>

#include "base/date.hpp"
#include "kiosk/core/benefit_service.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/request_service.hpp"
#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screen_labels.hpp"
#include "kiosk/ui/texture_source.hpp"
#include "themes/theme.hpp"

namespace kiosk::ui {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
    ImFont* tile = nullptr;
};

// The measures every screen lays out with, scaled to this screen:
//   const auto& [c, pad, gap, inner, touch] = ctx.measures();
struct Measures {
    const themes::Theme::Colors& c;
    float pad;    // around the page and inside panels
    float gap;    // between blocks
    float inner;  // the page's width inside its padding
    float touch;  // the smallest a thing to tap may be
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
    core::RequestService* requests =
        nullptr;  // null when requests cannot be stored: no 帮办代办 tile
    core::BenefitService* benefits = nullptr;  // null or unavailable: no 待遇查询
    core::StaffService* staff = nullptr;       // null: no staff mode (tests of single screens)
    TextureSource* textures = nullptr;

    bool landscape() const { return width > height; }
    float px(float reference_px) const { return reference_px * scale; }
    Measures measures() const {
        const float pad = px(theme.padding);
        return {theme.colors, pad, px(theme.gap), width - pad * 2, px(theme.min_touch_target)};
    }
};

}  // namespace kiosk::ui
