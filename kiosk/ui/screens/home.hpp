// The home screen: station, hotline, notice strip and a tile per capability that works.
#pragma once

#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"

namespace kiosk::ui {

struct HomeModel {
    bool elder_available = false;  // the elder theme loaded, so 长辈模式 works
    bool elder_on = false;
};

enum class HomeAction {
    none,
    toggle_elder,
    open_items,
    open_help,
    open_scan,
    open_request,
    open_status
};

HomeAction draw_home(Context& ctx, const HomeModel& model, KineticScroll& scroll);

}  // namespace kiosk::ui
