// Staff: the door. The PIN pad (dots for the digits typed, never the digits), what a wrong PIN
// leaves, the lock after five, and, before any PIN is set, how to set one.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/core/keypad_entry.hpp"
#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

struct PinPadResult {
    bool back = false;
    bool submit = false;  // 「确定」 with enough digits
};

// `message` goes under the dots (a wrong PIN, the tries left); `busy` while the PIN is checked.
PinPadResult draw_pin_pad(Context& ctx, core::DigitEntry& entry, const std::string& message,
                          bool busy);

// The door shut: no PIN yet, locked until a time, or state.db unreadable. 「回到首页」 ends it.
struct DoorShut {
    std::string title, body;
};
bool draw_door_shut(Context& ctx, const DoorShut& shut);

}  // namespace kiosk::ui
