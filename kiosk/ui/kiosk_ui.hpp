// The kiosk's screens as one state machine: which screen is up, what the session holds, and
// what the UI asks of the app (a theme change). It only draws and reacts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

struct UiOptions {
    std::string standard_theme = "standard";
    std::optional<std::string> elder_theme;  // set when the elder theme is available
};

class KioskUi {
  public:
    explicit KioskUi(UiOptions options);

    void frame(Context& ctx);

    void on_scan(std::string_view payload);
    // Back to the home screen with defaults and nothing of the last resident left.
    void reset_session();
    // Something of a resident's session is on screen, so the idle reset matters.
    bool in_session() const;

    const std::string& wanted_theme() const { return theme_; }
    std::string_view screen_name() const;

  private:
    enum class Screen { home };

    UiOptions options_;
    Screen screen_ = Screen::home;
    std::string theme_;
    bool scan_notice_ = false;
};

}  // namespace kiosk::ui
