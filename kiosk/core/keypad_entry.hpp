// What a resident types on the on-screen keypads, checked as they type: an ID number (GB 11643;
// the length, an impossible birth date and a wrong last character said plainly before they
// finish) and a mobile number. Both wipe their digits when cleared or destroyed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "base/date.hpp"
#include "base/secret.hpp"
#include "scanner/id_number.hpp"

namespace kiosk::core {

class IdEntry {
  public:
    IdEntry() = default;
    IdEntry(const IdEntry&) = delete;
    IdEntry& operator=(const IdEntry&) = delete;
    ~IdEntry() { clear(); }

    void press(char key);  // '0'..'9', 'X' (or 'x'), or '\b' for 删除
    void clear();
    const std::string& digits() const { return digits_.str(); }
    // The problem to show now, if any: too long, a date that cannot be, the last digit wrong.
    std::optional<std::string> problem(base::Date today) const;
    std::optional<scanner::IdNumber> valid(base::Date today) const;

  private:
    base::Secret digits_;
};

// Digits only, up to a length: a phone number, a staff PIN.
class DigitEntry {
  public:
    explicit DigitEntry(std::size_t max_digits) : max_(max_digits) {}
    DigitEntry(const DigitEntry&) = delete;
    DigitEntry& operator=(const DigitEntry&) = delete;
    ~DigitEntry() { clear(); }

    void press(char key);  // '0'..'9', or '\b' for 删除
    void clear();
    const std::string& digits() const { return digits_.str(); }
    const base::Secret& secret() const { return digits_; }

  private:
    std::size_t max_;
    base::Secret digits_;
};

class PhoneEntry : public DigitEntry {
  public:
    static constexpr std::size_t kDigits = 11;
    PhoneEntry() : DigitEntry(kDigits) {}
    bool valid() const;
};

}  // namespace kiosk::core
