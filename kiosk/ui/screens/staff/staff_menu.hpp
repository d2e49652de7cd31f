// Staff: the menu of panels, with the reminder of the next ledger report and 「退出」.
#pragma once

#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"

namespace kiosk::ui {

enum class StaffChoice {
    none,
    exit,
    printer,
    queue,
    content,
    ledger,
    noticeboard,
    device,
    settings
};

StaffChoice draw_staff_menu(Context& ctx, KineticScroll& scroll);

}  // namespace kiosk::ui
