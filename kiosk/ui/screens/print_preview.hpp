// 打印预览: the sheet exactly as the printer will get it, then 「打印」 or 「不打了」.
#pragma once

#include "kiosk/core/print_service.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"

namespace kiosk::ui {

struct PrintPreviewResult {
    bool print = false;
    bool back = false;
};

PrintPreviewResult draw_print_preview(Context& ctx, const core::PreparedSheet& sheet,
                                      KineticScroll& scroll);

}  // namespace kiosk::ui
