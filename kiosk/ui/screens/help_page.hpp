// 求助与监督: where and when to get help, how to complain, and the county's public
// 社会救助二维码 as a code a phone can scan from the screen.
#pragma once

#include "kiosk/core/screen_values.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"

namespace kiosk::ui {

struct HelpPageResult {
    bool back = false;
};

HelpPageResult draw_help_page(Context& ctx, const core::QrMatrix* county_qr, KineticScroll& scroll);

}  // namespace kiosk::ui
