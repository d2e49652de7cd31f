// What every staff panel shares: the bar with 「返回」 to the staff menu, a body that scrolls,
// facts as "label  value" lines, a message in plain words, and buttons as large as the resident's.
#pragma once

#include <string_view>

#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

struct PanelResult {
    bool back = false;
};

// A fact: the label muted on the left, the value beside it (wrapped); returns the height used.
float staff_fact(Context& ctx, ImVec2 pos, float width, std::string_view label,
                 std::string_view value, themes::Rgba value_color);
float staff_fact(Context& ctx, ImVec2 pos, float width, std::string_view label,
                 std::string_view value);

// A heading inside a panel's body; returns the height used.
float staff_heading(Context& ctx, ImVec2 pos, float width, std::string_view text);

// A row of `labels.size()` equal buttons across `width`; returns the index tapped, or -1.
int staff_buttons(Context& ctx, ImVec2 pos, float width,
                  std::initializer_list<std::string_view> labels);
float staff_buttons_height(const Context& ctx);

// "2026-12-01T08:00:00Z" or "+08:00" → "12月1日 08:00"; "" → "还没有".
std::string staff_time(std::string_view rfc3339);

}  // namespace kiosk::ui
