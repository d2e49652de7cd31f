// The home screen: station, hotline, notice strip and a tile per capability that works.
#pragma once

#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

struct HomeModel {
    bool elder_available = false;  // the elder theme loaded, so 长辈模式 works
    bool elder_on = false;
};

enum class HomeAction { none, toggle_elder };

HomeAction draw_home(Context& ctx, const HomeModel& model);

}  // namespace kiosk::ui
