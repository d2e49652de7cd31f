// The message shown when something is scanned that the kiosk has no flow for.
#pragma once

#include <string_view>

#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

// Draws the notice over the current screen; true when the resident closes it.
bool draw_scan_notice(Context& ctx, std::string_view title, std::string_view body);

}  // namespace kiosk::ui
