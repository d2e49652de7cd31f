// The on-screen keypad for a resident ID number: large keys 0–9, X and 删除, checking as the
// resident types and saying plainly what is wrong (length, an impossible date, the last digit).
#pragma once

#include <optional>
#include <string>

#include "kiosk/ui/context.hpp"
#include "scanner/id_number.hpp"

namespace kiosk::ui {

// What is typed so far; wiped (overwritten) when the session ends.
class IdEntry {
public:
    void press(char key);  // '0'..'9', 'X', or '\b' for 删除
    void clear();
    const std::string& digits() const { return digits_; }
    // The problem to show now, if any: too long, a date that cannot be, the last digit wrong.
    std::optional<std::string> problem(base::Date today) const;
    std::optional<scanner::IdNumber> valid(base::Date today) const;
    ~IdEntry() { clear(); }

private:
    std::string digits_;
};

struct IdKeypadResult {
    bool back = false;
    std::optional<scanner::IdNumber> confirmed;
};

IdKeypadResult draw_id_keypad(Context& ctx, IdEntry& entry);

}  // namespace kiosk::ui
