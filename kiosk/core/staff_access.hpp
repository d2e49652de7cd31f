// Who may open staff mode: a PIN kept only as an Argon2id hash (libsodium crypto_pwhash), and a
// lock against guessing. Five wrong PINs in a row lock staff mode for five minutes; each further
// lockout lasts twice as long as the one before; while locked, even the right PIN is refused;
// the count and the lock live in state.db, so a restart lifts nothing. A right PIN clears both.
// Checking a PIN costs a tenth of a second and 64 MiB on purpose: the screens ask on a worker.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>

#include "base/secret.hpp"
#include "kiosk/core/state_db.hpp"

namespace kiosk::core {

inline constexpr int kPinMinDigits = 6;
inline constexpr int kPinMaxDigits = 12;
inline constexpr int kWrongPinsBeforeLock = 5;
inline constexpr std::int64_t kFirstLockMs = 5 * 60 * 1000;

// 6 to 12 digits, and not one digit repeated nor a run up or down ("123456"): what a passer-by
// would try first. The message says what would do.
std::expected<void, std::string> check_pin_form(std::string_view pin);

class StaffAccess {
  public:
    // `now_ms`: Unix milliseconds (the system clock when empty; tests move time). `source`
    // names where PINs are tried, for the audit log: "screen" or "kioskctl".
    explicit StaffAccess(StateDb& state, std::function<std::int64_t()> now_ms = {},
                         std::string source = "kioskctl");

    // Whether a PIN has been set (`kioskctl staff set-pin`); without one staff mode stays shut.
    std::expected<bool, std::string> pin_set() const;
    // Hashes and stores the PIN, and clears the count and any lock (staff with shell access
    // reset it). Both this and try_pin write the audit log (never the PIN).
    std::expected<void, std::string> set_pin(const base::Secret& pin);

    struct Attempt {
        enum class Outcome { opened, wrong, locked, no_pin } outcome = Outcome::wrong;
        int tries_left = 0;             // wrong: before the lock
        std::int64_t locked_until = 0;  // locked (or wrong and now locked): Unix ms
    };
    // Checks `pin` unless locked; counts a wrong one, locking at the fifth.
    std::expected<Attempt, std::string> try_pin(const base::Secret& pin);

    struct Lock {
        int failures = 0;               // wrong PINs since the last right one or lockout
        int lockouts = 0;               // lockouts since the last right PIN
        std::int64_t locked_until = 0;  // Unix ms; in the past when not locked
    };
    std::expected<Lock, std::string> lock() const;

  private:
    std::int64_t now() const;
    std::expected<Attempt, std::string> check(const base::Secret& pin);

    StateDb& state_;
    std::function<std::int64_t()> now_ms_;
    std::string source_;
};

// The audit log's word for an attempt: "opened", "wrong-pin", "locked", "no-pin".
std::string_view attempt_word(StaffAccess::Attempt::Outcome outcome);

}  // namespace kiosk::core
