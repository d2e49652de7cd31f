// The staff PIN: stored as an Argon2id hash only, five wrong PINs lock staff mode for five
// minutes and each further lockout twice as long, the lock refuses the right PIN too, and a
// restart (a new StateDb on the same file) lifts nothing.
#include "kiosk/core/staff_access.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "support/temp_dir.hpp"

using kiosk::core::StaffAccess;
using Outcome = StaffAccess::Attempt::Outcome;

namespace {

struct Clock {
    std::int64_t now = 1'780'000'000'000;  // Unix ms
    std::function<std::int64_t()> fn() {
        return [this] { return now; };
    }
};

constexpr std::int64_t kMinute = 60'000;

}  // namespace

TEST_CASE("a PIN anyone would try, or not of digits, is refused with what would do") {
    CHECK(kiosk::core::check_pin_form("482915"));
    CHECK(kiosk::core::check_pin_form("000000").error().starts_with("a PIN anyone would try"));
    CHECK(kiosk::core::check_pin_form("123456").error().starts_with("a PIN anyone would try"));
    CHECK(kiosk::core::check_pin_form("987654").error().starts_with("a PIN anyone would try"));
    CHECK(kiosk::core::check_pin_form("12345") ==
          std::unexpected(std::string("expected 6 to 12 digits")));
    CHECK(kiosk::core::check_pin_form("48291a") ==
          std::unexpected(std::string("expected 6 to 12 digits, digits only")));
}

TEST_CASE("no PIN set: staff mode stays shut") {
    test::TempDir dir("staff-none");
    auto state = kiosk::core::StateDb::open(dir.path);
    REQUIRE(state);
    StaffAccess access(**state);
    CHECK(access.pin_set() == false);
    auto attempt = access.try_pin("482915");
    REQUIRE(attempt);
    CHECK(attempt->outcome == Outcome::no_pin);
}

TEST_CASE("the PIN is kept as an Argon2id hash and opens staff mode") {
    test::TempDir dir("staff-hash");
    auto state = kiosk::core::StateDb::open(dir.path);
    REQUIRE(state);
    StaffAccess access(**state);
    REQUIRE(access.set_pin("482915"));
    CHECK(access.pin_set() == true);
    const auto hash = (*state)->get("staff.pin_hash");
    REQUIRE(hash);
    CHECK(hash->starts_with("$argon2id$"));
    // The digits are nowhere in the database file.
    state->reset();
    std::ifstream in(dir.path / "state.db", std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CHECK(bytes.find("482915") == std::string::npos);
    auto reopened = kiosk::core::StateDb::open(dir.path);
    REQUIRE(reopened);
    StaffAccess again(**reopened);
    CHECK(again.try_pin("482915")->outcome == Outcome::opened);
    CHECK(again.try_pin("482916")->outcome == Outcome::wrong);
}

TEST_CASE(
    "five wrong PINs lock for five minutes, then ten, and the lock survives a restart and "
    "holds against the right PIN") {
    test::TempDir dir("staff-lock");
    Clock clock;
    auto state = kiosk::core::StateDb::open(dir.path);
    REQUIRE(state);
    REQUIRE(StaffAccess(**state).set_pin("482915"));
    {
        StaffAccess access(**state, clock.fn());
        for (int left = 4; left >= 1; --left) {
            auto a = access.try_pin("111112");
            REQUIRE(a);
            CHECK(a->outcome == Outcome::wrong);
            CHECK(a->tries_left == left);
        }
        auto fifth = access.try_pin("111112");
        REQUIRE(fifth);
        CHECK(fifth->outcome == Outcome::locked);
        CHECK(fifth->locked_until == clock.now + 5 * kMinute);
    }
    // A restart: the lock is in state.db.
    state->reset();
    auto reopened = kiosk::core::StateDb::open(dir.path);
    REQUIRE(reopened);
    StaffAccess access(**reopened, clock.fn());
    clock.now += 4 * kMinute;
    CHECK(access.try_pin("482915")->outcome == Outcome::locked);  // the right PIN, refused
    clock.now += kMinute;
    // Open again; five more wrong PINs lock for ten minutes.
    for (int i = 0; i < 4; ++i) CHECK(access.try_pin("222223")->outcome == Outcome::wrong);
    auto second = access.try_pin("222223");
    CHECK(second->outcome == Outcome::locked);
    CHECK(second->locked_until == clock.now + 10 * kMinute);
    CHECK(access.lock()->lockouts == 2);
    clock.now += 10 * kMinute;
    // The right PIN opens and clears the count: the next lockout is five minutes again.
    CHECK(access.try_pin("482915")->outcome == Outcome::opened);
    CHECK(access.lock()->lockouts == 0);
    CHECK(access.lock()->failures == 0);
}
