// 政策明白纸: a large tile per assistance item, with its pictogram and short name.
#pragma once

#include <optional>
#include <string>

#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"

namespace kiosk::ui {

struct ItemListResult {
    std::optional<std::string> open;  // the item tapped
    bool back = false;
};

ItemListResult draw_item_list(Context& ctx, KineticScroll& scroll);

}  // namespace kiosk::ui
