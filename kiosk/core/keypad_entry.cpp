// The keypads' entries, checked as the resident types.
#include "kiosk/core/keypad_entry.hpp"

#include "kiosk/core/request_service.hpp"

namespace kiosk::core {

void IdEntry::press(char key) {
    if (key == '\b') {
        if (!digits_.empty()) digits_.pop_back();
        return;
    }
    if (key == 'x') key = 'X';
    if (digits_.size() >= 18) return;
    // X is only ever the last character.
    if (key == 'X' && digits_.size() != 17) return;
    if ((key >= '0' && key <= '9') || key == 'X') digits_.push_back(key);
}

void IdEntry::clear() {
    digits_.clear();
}

std::optional<std::string> IdEntry::problem(base::Date today) const {
    // Check the date as soon as it is typed, so a slip is caught before the last digit.
    if (digits_.size() >= 14) {
        std::string probe = std::string(digits_.view().substr(0, 14)) + "0000";
        probe[17] = scanner::id_check_character(probe);
        auto r = scanner::IdNumber::parse(probe, today);
        base::wipe(probe);
        if (!r && r.error() != scanner::IdProblem::wrong_check) {
            return std::string(scanner::describe(r.error()));
        }
    }
    if (digits_.size() < 18) return std::nullopt;
    auto r = scanner::IdNumber::parse(digits_.view(), today);
    if (!r) return std::string(scanner::describe(r.error()));
    return std::nullopt;
}

std::optional<scanner::IdNumber> IdEntry::valid(base::Date today) const {
    if (digits_.size() != 18) return std::nullopt;
    auto r = scanner::IdNumber::parse(digits_.view(), today);
    return r ? std::optional(*r) : std::nullopt;
}

void DigitEntry::press(char key) {
    if (key == '\b') {
        if (!digits_.empty()) digits_.pop_back();
        return;
    }
    if (key >= '0' && key <= '9' && digits_.size() < max_) digits_.push_back(key);
}

void DigitEntry::clear() {
    digits_.clear();
}

bool PhoneEntry::valid() const {
    return valid_phone(digits());
}

}  // namespace kiosk::core
