// Staff mode as one flow: opened by holding a corner of the home screen for three seconds or by a
// staff card, then the PIN pad (checked on core's worker), then the menu and its panels. Two
// minutes untouched and it closes; every opening, wrong PIN and closing goes into the audit log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/keypad_entry.hpp"
#include "kiosk/core/staff_access.hpp"
#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/screens/staff/content_panel.hpp"
#include "kiosk/ui/screens/staff/device_panel.hpp"
#include "kiosk/ui/screens/staff/ledger_panel.hpp"
#include "kiosk/ui/screens/staff/noticeboard_panel.hpp"
#include "kiosk/ui/screens/staff/pin_pad.hpp"
#include "kiosk/ui/screens/staff/printer_panel.hpp"
#include "kiosk/ui/screens/staff/queue_panel.hpp"
#include "kiosk/ui/screens/staff/settings_panel.hpp"
#include "kiosk/ui/screens/staff/staff_menu.hpp"

namespace kiosk::ui {

class StaffMode {
  public:
    // `how` for the audit log: "gesture" or "card" (with the card's name).
    void open(core::StaffService& staff, std::string how, std::int64_t now_ms);
    bool active() const { return page_ != Page::closed; }
    // Back to the resident's screens; `why` goes into the audit log when staff mode was open.
    void close(core::StaffService* staff, std::string_view why);
    // Draws the page; false once staff mode has closed.
    bool draw(Context& ctx, core::StaffService& staff);
    // Core work under way: the screen shows it and wants a few frames a second.
    bool waiting() const;
    // When staff mode closes unless touched: the loop wakes then.
    std::optional<std::int64_t> deadline_ms() const;
    std::string page_name() const;

  private:
    enum class Page {
        closed,
        knocking,
        pin,
        shut,
        menu,
        printer,
        queue,
        content,
        ledger,
        noticeboard,
        device,
        settings
    };
    void go(Page page, Context& ctx, core::StaffService& staff);
    void take_door(const core::StaffService::Door& door);
    void take_attempt(const core::StaffService::PinResult& result);

    Page page_ = Page::closed;
    std::string base_how_;  // how it was opened, for the audit log
    bool opened_ = false;   // the PIN was right: closing is audited
    std::int64_t last_touch_ms_ = 0;
    core::Pending<core::StaffService::Door> door_;
    core::Pending<core::StaffService::PinResult> attempt_;
    core::DigitEntry pin_{static_cast<std::size_t>(core::kPinMaxDigits)};
    std::string pin_message_;
    DoorShut shut_;
    KineticScroll menu_scroll_;
    PrinterPanel printer_;
    QueuePanel queue_;
    ContentPanel content_;
    LedgerPanel ledger_;
    NoticeboardPanel noticeboard_;
    DevicePanel device_;
    SettingsPanel settings_;
};

}  // namespace kiosk::ui
