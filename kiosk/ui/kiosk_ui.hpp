// The kiosk's screens as one state machine: which screen is up, what the session holds, and
// what the UI asks of the app (a theme change). It only draws and reacts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/keypad_entry.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/scan_hub.hpp"
#include "kiosk/core/screen_values.hpp"
#include "kiosk/core/worker.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"
#include "kiosk/ui/screens/id_keypad.hpp"
#include "kiosk/ui/screens/request_flow.hpp"
#include "kiosk/ui/screens/staff/staff_mode.hpp"
#include "kiosk/ui/screens/status_flow.hpp"

namespace kiosk::ui {

struct UiOptions {
    std::string standard_theme = "standard";
    std::optional<std::string> elder_theme;  // set when the elder theme is available
};

class KioskUi {
  public:
    explicit KioskUi(UiOptions options);

    void frame(Context& ctx);
    // Textures and the print preview go with the session.
    bool holds_textures() const { return prepared_ != nullptr; }

    // A scanned code, already classified by core.
    void on_scan(core::ScanEvent scan);
    // Back to the home screen with defaults and nothing of the last resident left.
    void reset_session();
    // Something of a resident's session is on screen, so the idle reset matters.
    bool in_session() const;
    // Staff mode is open (it closes itself after two idle minutes; content waits until then).
    bool in_staff_mode() const { return screen_ == Screen::staff; }
    // What keeps frames coming without input: a page still gliding after a flick wants every
    // frame; a screen waiting on core work shows a moving bar, which a few frames a second
    // draw well enough (the work's report wakes the loop at once anyway).
    enum class Animation { none, waiting, moving };
    Animation animation() const;

    // When the loop must draw a frame although nothing happens: a finger held on the staff
    // corner reaches its three seconds, staff mode reaches its idle close.
    std::optional<std::int64_t> next_deadline_ms() const;

    // Seconds left before the idle wipe, shown over the screen; nullopt hides it.
    void set_idle_countdown(std::optional<int> seconds) { idle_countdown_ = seconds; }

    const std::string& wanted_theme() const { return theme_; }
    // "home", "item-page", "status:consent": the screen and, in a flow, its step. For logs,
    // screenshots and tests; never holds personal data.
    std::string screen_name() const;

  private:
    enum class Screen {
        home,
        item_list,
        item_page,
        preparing,
        help,
        print_preview,
        printing,
        scan,
        id_keypad,
        id_result,
        request,
        request_status,
        status,
        staff
    };
    void go(Screen screen);
    void drop_preview(Context& ctx);
    void notice(std::string title, std::string body);
    void draw_request_status_screen(Context& ctx);
    void draw_preparing(Context& ctx);
    // On the home screen: a finger held still on the top right corner for three seconds.
    void watch_staff_corner(Context& ctx);
    void open_staff(Context& ctx, std::string how);

    UiOptions options_;
    Screen screen_ = Screen::home;
    std::string item_id_;
    std::string theme_;
    bool scan_notice_ = false;
    std::string notice_title_, notice_body_;
    core::IdEntry id_entry_;
    std::optional<core::IdNumber> id_;  // the resident's number for this session only
    RequestFlow request_flow_;
    StatusFlow status_flow_;
    std::optional<int> idle_countdown_;
    bool ctx_has_county_ = false;   // whether 待遇查询 can ask anyone
    std::string request_no_;        // the request whose status is wanted (a scanned receipt)
    std::string watching_;          // the request core keeps in memory for that screen
    bool request_loading_ = false;  // core has not read it yet
    KineticScroll scroll_;          // of the page on screen; a new page starts at its top
    KineticScroll list_scroll_;     // the item list keeps its place while an item is open
    core::Pending<core::PrintService::PrepareResult> preparing_;  // the 明白纸 being laid out
    std::int64_t preparing_since_ms_ = 0;
    core::SharedSheet prepared_;  // the sheet being previewed; wiped with the session
    std::optional<core::PrintTicket> print_job_;
    StaffMode staff_;
    core::StaffService* staff_service_ = nullptr;  // the last frame's, for closing outside one
    std::optional<std::string> staff_card_;        // a staff card scanned: open at the next frame
    std::optional<std::int64_t> corner_held_since_ms_;
};

// The staff corner: held this long, staff mode asks for the PIN.
inline constexpr std::int64_t kStaffHoldMs = 3000;

}  // namespace kiosk::ui
