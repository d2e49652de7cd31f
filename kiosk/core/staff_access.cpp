// Staff PINs: Argon2id hashes and the lock, in state.db's settings.
#include "kiosk/core/staff_access.hpp"

#include <sodium.h>

#include <charconv>
#include <chrono>
#include <cstdlib>

#include "base/log.hpp"

namespace kiosk::core {
namespace {

constexpr const char* kHashKey = "staff.pin_hash";
constexpr const char* kFailuresKey = "staff.failures";
constexpr const char* kLockoutsKey = "staff.lockouts";
constexpr const char* kLockedUntilKey = "staff.locked_until_ms";

std::int64_t number(const std::optional<std::string>& text) {
    std::int64_t n = 0;
    if (text) std::from_chars(text->data(), text->data() + text->size(), n);
    return n;
}

}  // namespace

std::expected<void, std::string> check_pin_form(std::string_view pin) {
    const std::string expected = "expected " + std::to_string(kPinMinDigits) + " to " +
                                 std::to_string(kPinMaxDigits) + " digits";
    if (pin.size() < kPinMinDigits || pin.size() > kPinMaxDigits) return std::unexpected(expected);
    for (const char c : pin) {
        if (c < '0' || c > '9') return std::unexpected(expected + ", digits only");
    }
    bool same = true, up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        same = same && pin[i] == pin[0];
        up = up && pin[i] == pin[i - 1] + 1;
        down = down && pin[i] == pin[i - 1] - 1;
    }
    if (same || up || down) {
        return std::unexpected(
            "a PIN anyone would try first (one digit repeated, or counting "
            "up or down): choose another");
    }
    return {};
}

StaffAccess::StaffAccess(StateDb& state, std::function<std::int64_t()> now_ms, std::string source)
    : state_(state), now_ms_(std::move(now_ms)), source_(std::move(source)) {}

std::int64_t StaffAccess::now() const {
    if (now_ms_) return now_ms_();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::expected<bool, std::string> StaffAccess::pin_set() const {
    auto hash = state_.read(kHashKey);
    if (!hash) return std::unexpected(hash.error());
    return hash->has_value() && !(*hash)->empty();
}

std::expected<void, std::string> StaffAccess::set_pin(const base::Secret& pin) {
    if (auto ok = check_pin_form(pin.view()); !ok) return ok;
    if (sodium_init() < 0) std::abort();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            hash, pin.view().data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return std::unexpected("the PIN could not be hashed: out of memory");
    }
    auto stored = state_.set_all(
        {{kHashKey, hash}, {kFailuresKey, "0"}, {kLockoutsKey, "0"}, {kLockedUntilKey, "0"}});
    sodium_memzero(hash, sizeof hash);
    if (auto ok = state_.add_audit({now(), source_, "staff.set-pin", stored ? "ok" : "failed",
                                    stored ? "" : stored.error()});
        !ok) {
        base::log::warn("staff", "audit log not written: ", ok.error());
    }
    return stored;
}

std::expected<StaffAccess::Lock, std::string> StaffAccess::lock() const {
    Lock lock;
    for (const auto& [key, field] :
         {std::pair{kFailuresKey, &Lock::failures}, std::pair{kLockoutsKey, &Lock::lockouts}}) {
        auto value = state_.read(key);
        if (!value) return std::unexpected(value.error());
        lock.*field = static_cast<int>(number(*value));
    }
    auto until = state_.read(kLockedUntilKey);
    if (!until) return std::unexpected(until.error());
    lock.locked_until = number(*until);
    return lock;
}

std::expected<StaffAccess::Attempt, std::string> StaffAccess::check(const base::Secret& pin) {
    using Outcome = Attempt::Outcome;
    auto hash = state_.read(kHashKey);
    if (!hash) return std::unexpected(hash.error());
    if (!*hash || (*hash)->empty()) return Attempt{Outcome::no_pin, 0, 0};
    // A lock that cannot be read counts as a lock: refusing staff beats letting guesses in.
    auto current = lock();
    if (!current) return std::unexpected(current.error());
    const std::int64_t t = now();
    if (current->locked_until > t) return Attempt{Outcome::locked, 0, current->locked_until};

    if (crypto_pwhash_str_verify((*hash)->c_str(), pin.view().data(), pin.size()) == 0) {
        if (auto ok =
                state_.set_all({{kFailuresKey, "0"}, {kLockoutsKey, "0"}, {kLockedUntilKey, "0"}});
            !ok) {
            return std::unexpected(ok.error());
        }
        return Attempt{Outcome::opened, 0, 0};
    }
    Lock next = *current;
    ++next.failures;
    if (next.failures >= kWrongPinsBeforeLock) {
        // 5 minutes, then 10, 20, … (capped at a day: a kiosk locked for weeks helps nobody).
        const int doublings = std::min(next.lockouts, 8);
        next.locked_until =
            t + std::min<std::int64_t>(kFirstLockMs << doublings, 24LL * 3600 * 1000);
        ++next.lockouts;
        next.failures = 0;
    }
    if (auto ok = state_.set_all({{kFailuresKey, std::to_string(next.failures)},
                                  {kLockoutsKey, std::to_string(next.lockouts)},
                                  {kLockedUntilKey, std::to_string(next.locked_until)}});
        !ok) {
        return std::unexpected(ok.error());
    }
    if (next.locked_until > t) return Attempt{Outcome::locked, 0, next.locked_until};
    return Attempt{Outcome::wrong, kWrongPinsBeforeLock - next.failures, 0};
}

std::expected<StaffAccess::Attempt, std::string> StaffAccess::try_pin(const base::Secret& pin) {
    auto attempt = check(pin);
    AuditEntry entry{now(), source_, "staff.open", "failed", ""};
    if (!attempt) {
        entry.detail = attempt.error();
    } else {
        entry.outcome = attempt_word(attempt->outcome);
        if (attempt->outcome == Attempt::Outcome::wrong) {
            entry.detail = std::to_string(attempt->tries_left) + " tries left";
        } else if (attempt->outcome == Attempt::Outcome::locked) {
            entry.detail = "locked for " +
                           std::to_string((attempt->locked_until - now() + 59'999) / 60'000) +
                           " min";
        }
    }
    // The attempt stands even when the log cannot take it: the lock matters more than its record.
    if (auto ok = state_.add_audit(entry); !ok) {
        base::log::warn("staff", "audit log not written: ", ok.error());
    }
    return attempt;
}

std::string_view attempt_word(StaffAccess::Attempt::Outcome outcome) {
    switch (outcome) {
        case StaffAccess::Attempt::Outcome::opened:
            return "opened";
        case StaffAccess::Attempt::Outcome::wrong:
            return "wrong-pin";
        case StaffAccess::Attempt::Outcome::locked:
            return "locked";
        case StaffAccess::Attempt::Outcome::no_pin:
            return "no-pin";
    }
    return "unknown";
}

}  // namespace kiosk::core
