// While and after printing: progress, 「打好了」, or what went wrong in plain words and that
// staff have been told.
#pragma once

#include <optional>

#include "kiosk/core/print_service.hpp"
#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

struct PrintingResult {
    bool home = false;
    bool back = false;
};

PrintingResult draw_printing(Context& ctx, const std::optional<core::PrintJobView>& job);

}  // namespace kiosk::ui
