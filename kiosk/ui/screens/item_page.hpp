// An item's page: the plain summary, then the six sections of reference/001 in order.
#pragma once

#include "kiosk/core/content.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"

namespace kiosk::ui {

struct ItemPageResult {
    bool back = false;
    bool home = false;
    bool print = false;  // 「打印这页」, shown only when a printer can be used
};

ItemPageResult draw_item_page(Context& ctx, const core::Item& item, KineticScroll& scroll);

// Section text as paragraphs and bullets; returns the height. Shared by the pages that show
// content text.
float content_text(Context& ctx, ImVec2 pos, float width, std::string_view body);

}  // namespace kiosk::ui
