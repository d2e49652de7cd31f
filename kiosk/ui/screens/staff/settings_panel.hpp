// Staff: the settings a station changes itself — station name, county address, hotline, idle
// timeout, default theme, volume. Saved into the config file as start-up reads it: a value
// start-up would refuse is refused here with the same words, and the file stays as it was.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screens/staff/staff_page.hpp"

namespace kiosk::ui {

class SettingsPanel {
  public:
    void enter(Context& ctx);
    PanelResult draw(Context& ctx, core::StaffService& staff);
    bool waiting() const { return saving_.asked() && !saving_.ready(); }

  private:
    enum class Editing { none, name, url, hotline };
    // The keypad or the keyboard's text for the field being edited, in at most `room` of height.
    float draw_editor(Context& ctx, float x, float y, float width, float room);

    // What differs on screen from the file: only those values are written.
    core::SettingsChange changes() const;

    core::Config base_;  // the file's values as this screen knows them
    bool saved_once_ = false;
    core::Config shown_;  // the values on screen, as edited
    Editing editing_ = Editing::none;
    core::Pending<std::expected<core::Config, std::string>> saving_;
    std::string message_;
    bool message_bad_ = false;
    KineticScroll scroll_;
};

}  // namespace kiosk::ui
