// The on-screen keypad for a resident ID number: large keys 0–9, X and 删除, checking as the
// resident types and saying plainly what is wrong (length, an impossible date, the last digit).
#pragma once

#include <optional>

#include "kiosk/core/keypad_entry.hpp"
#include "kiosk/core/screen_values.hpp"
#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

struct IdKeypadResult {
    bool back = false;
    std::optional<core::IdNumber> confirmed;
};

IdKeypadResult draw_id_keypad(Context& ctx, core::IdEntry& entry);

}  // namespace kiosk::ui
