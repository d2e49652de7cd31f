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

class PhoneEntry {
  public:
    static constexpr std::size_t kDigits = 11;
    PhoneEntry() = default;
    PhoneEntry(const PhoneEntry&) = delete;
    PhoneEntry& operator=(const PhoneEntry&) = delete;
    ~PhoneEntry() { clear(); }

    void press(char key);  // '0'..'9', or '\b' for 删除
    void clear();
    const std::string& digits() const { return digits_.str(); }
    bool valid() const;

  private:
    base::Secret digits_;
};

}  // namespace kiosk::core
