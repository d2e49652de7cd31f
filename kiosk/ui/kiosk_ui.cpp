// The kiosk's screens as one state machine.
#include "kiosk/ui/kiosk_ui.hpp"

#include "kiosk/ui/screens/home.hpp"
#include "kiosk/ui/screens/scan_notice.hpp"

namespace kiosk::ui {

KioskUi::KioskUi(UiOptions options)
    : options_(std::move(options)), theme_(options_.standard_theme) {}

void KioskUi::frame(Context& ctx) {
    constexpr ImGuiWindowFlags kFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ctx.width, ctx.height));
    ImGui::Begin("kiosk", nullptr, kFlags);

    // While a notice is up, the screen under it shows but does not react.
    ImGui::BeginDisabled(scan_notice_);
    switch (screen_) {
        case Screen::home: {
            const bool elder_on = options_.elder_theme && theme_ == *options_.elder_theme;
            const HomeModel model{options_.elder_theme.has_value(), elder_on};
            if (draw_home(ctx, model) == HomeAction::toggle_elder) {
                theme_ = elder_on ? options_.standard_theme : *options_.elder_theme;
            }
            break;
        }
    }
    ImGui::EndDisabled();

    if (scan_notice_ && draw_scan_notice(ctx)) scan_notice_ = false;
    ImGui::End();
}

void KioskUi::on_scan(std::string_view /*payload*/) {
    // No flow takes scanned codes yet; the resident is told plainly instead of nothing happening.
    scan_notice_ = true;
}

void KioskUi::reset_session() {
    screen_ = Screen::home;
    theme_ = options_.standard_theme;
    scan_notice_ = false;
}

bool KioskUi::in_session() const {
    return screen_ != Screen::home || scan_notice_ || theme_ != options_.standard_theme;
}

std::string_view KioskUi::screen_name() const {
    if (scan_notice_) return "scan-notice";
    switch (screen_) {
        case Screen::home:
            return "home";
    }
    return "?";
}

}  // namespace kiosk::ui
