// A request as the resident sees it after scanning the receipt: where it is, the county's reply
// (受理, 办理中, 办结 with the result, 终止 with the reason), and after 办结 the evaluation.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/request_view.hpp"
#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

struct RequestStatusResult {
    bool home = false;
    std::optional<std::string> rating;  // "satisfied", "basically_satisfied", "dissatisfied"
};

RequestStatusResult draw_request_status(Context& ctx, const core::RequestView& request);

}  // namespace kiosk::ui
