// While and after printing: progress, 「打好了」, or what went wrong in plain words and that
// staff have been told.
#pragma once

#include <optional>

#include "kiosk/ui/context.hpp"
#include "printer/print_worker.hpp"

namespace kiosk::ui {

struct PrintingResult {
    bool home = false;
    bool back = false;
};

PrintingResult draw_printing(Context& ctx, const std::optional<printer::JobSnapshot>& job);

}  // namespace kiosk::ui
