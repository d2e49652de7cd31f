// Resident ID numbers (GB 11643-1999): 18 characters — 6-digit address code, birth date, 3-digit
// sequence (odd: male), and an ISO 7064 MOD 11-2 check character. A value that masks itself
// whenever it is printed, logged or shown: the full number is handed out only on request, for
// encryption or for the county.
#pragma once

#include <expected>
#include <ostream>
#include <string>
#include <string_view>

#include "base/date.hpp"
#include "base/secret.hpp"

namespace scanner {

enum class IdProblem {
    wrong_length,
    bad_characters,
    impossible_date,
    future_date,
    before_1900,
    wrong_check
};

// Plain words for the resident, in the order they would fix things.
std::string_view describe(IdProblem problem);
// A short English word for logs and JSON: "wrong_length", "wrong_check"...
std::string_view reason_code(IdProblem problem);

// The check character for the first 17 digits.
char id_check_character(std::string_view first17);

// The check the county API makes (net/API.md): exactly 18 characters, 17 digits and the check
// character they give (a digit or an upper-case X). Unlike IdNumber::parse nothing is normalised
// (no spaces, no lower-case x, no 15-digit form) and the birth date is not looked at: the county
// takes what a kiosk sends, and the kiosk checked the date when the resident gave the number.
// Errors: wrong_length, bad_characters, wrong_check.
std::expected<void, IdProblem> verify_check_character(std::string_view id18);

// The 15-digit form (before 1999) as 18: century 19 inserted, check character appended.
std::expected<std::string, IdProblem> convert_id15(std::string_view id15);

class IdNumber {
  public:
    // 18 characters (lower-case x accepted) or the legacy 15 digits. `today` bounds the birth date.
    static std::expected<IdNumber, IdProblem> parse(std::string_view text,
                                                    base::Date today = base::today_local());

    // At most the first 4 and the last 4 characters: "3701**********0012".
    std::string masked() const;
    // The whole number. Call only to encrypt it or send it to the county; never log or show it.
    const std::string& full_number_for_transmission() const { return digits_.str(); }
    base::Date birth_date() const { return birth_; }
    bool male() const { return (digits_.view()[16] - '0') % 2 == 1; }

    bool operator==(const IdNumber& other) const { return digits_ == other.digits_; }
    // Every copy wipes its digits when it goes (base::Secret): the next resident's session may
    // reuse this memory.

    friend std::ostream& operator<<(std::ostream& out, const IdNumber& id) {
        return out << id.masked();
    }

  private:
    IdNumber(base::Secret digits, base::Date birth) : digits_(std::move(digits)), birth_(birth) {}
    base::Secret digits_;
    base::Date birth_;
};

// Masks any text that might be an ID: the first 4 and last 4 characters stay.
std::string mask_id_text(std::string_view text);

}  // namespace scanner
