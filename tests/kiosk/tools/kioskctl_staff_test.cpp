// kioskctl staff set-pin, verify-pin and status, and audit list, as a technician uses them: the
// PIN from standard input or the command line; a weak one refused; the status says set or not,
// locked or not; verify-pin counts towards the screen's lock; the audit log says what was done
// and never holds a PIN.
#include <doctest/doctest.h>

#include <string>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

test::Run kioskctl(const test::TempDir& dir, const std::string& args,
                   const std::string& input = "") {
    return test::run_command((input.empty() ? "" : "printf '" + input + "' | ") +
                                 std::string(BIN_DIR) + "/kioskctl --data-dir " +
                                 (dir.path / "data").string() + " " + args,
                             dir.path / "err");
}

test::Run staff(const test::TempDir& dir, const std::string& args, const std::string& input = "") {
    return kioskctl(dir, "staff " + args, input);
}

}  // namespace

TEST_CASE("kioskctl staff: set a PIN from standard input and see it set, a weak one refused") {
    test::TempDir dir("ctl-staff");
    auto status = staff(dir, "status");
    REQUIRE(status.exit_code == 0);
    CHECK(status.out.find("PIN:    not set (staff mode stays shut; set one with `kioskctl staff "
                          "set-pin`)") != std::string::npos);

    const auto weak = staff(dir, "set-pin", "111111\\n");
    CHECK(weak.exit_code == 2);
    CHECK(weak.err.find("PIN not set: a PIN anyone would try first") != std::string::npos);

    const auto set = staff(dir, "set-pin", "482915\\n");
    CHECK_MESSAGE(set.exit_code == 0, set.err);
    CHECK(set.out == "staff PIN set; staff mode opens with it\n");
    status = staff(dir, "status");
    CHECK(status.out == "PIN:    set\nlocked: no (0 wrong PINs since the last right one)\n");
    // Nothing of the PIN on the screen or in the messages.
    CHECK(set.out.find("482915") == std::string::npos);
    CHECK(set.err.find("482915") == std::string::npos);
}

TEST_CASE("kioskctl staff verify-pin: exit 0 only for the right PIN, and five wrong lock it") {
    test::TempDir dir("ctl-verify");
    const auto none = staff(dir, "verify-pin 482915");
    CHECK(none.exit_code == 1);
    CHECK(none.err.find("no PIN is set yet") != std::string::npos);

    REQUIRE(staff(dir, "set-pin 482915").exit_code == 0);
    CHECK(staff(dir, "verify-pin 482915").exit_code == 0);
    CHECK(staff(dir, "verify-pin", "482915\\n").exit_code == 0);
    for (int i = 0; i < 4; ++i) {
        const auto wrong = staff(dir, "verify-pin 000000");
        CHECK(wrong.exit_code == 1);
        CHECK(wrong.err.find("wrong PIN (" + std::to_string(4 - i) + " tries left") !=
              std::string::npos);
    }
    const auto fifth = staff(dir, "verify-pin 000000");
    CHECK(fifth.exit_code == 1);
    CHECK(fifth.err.find("staff mode is locked after too many wrong PINs, until") !=
          std::string::npos);
    // The lock holds against the right PIN too, as on the screen.
    CHECK(staff(dir, "verify-pin 482915").exit_code == 1);
    CHECK(staff(dir, "status").out.find("locked: until") != std::string::npos);
    // Setting it again from a shell lifts the lock.
    REQUIRE(staff(dir, "set-pin 735102").exit_code == 0);
    CHECK(staff(dir, "verify-pin 735102").exit_code == 0);
}

TEST_CASE("kioskctl audit list: every PIN try and change, newest first, never the PIN") {
    test::TempDir dir("ctl-audit");
    CHECK(kioskctl(dir, "audit list").out == "no staff actions recorded yet\n");
    REQUIRE(staff(dir, "set-pin 482915").exit_code == 0);
    (void)staff(dir, "verify-pin 000111");
    REQUIRE(staff(dir, "verify-pin 482915").exit_code == 0);

    const auto list = kioskctl(dir, "audit list");
    REQUIRE(list.exit_code == 0);
    const auto opened = list.out.find("kioskctl  staff.open  opened");
    const auto wrong = list.out.find("kioskctl  staff.open  wrong-pin  4 tries left");
    const auto set = list.out.find("kioskctl  staff.set-pin  ok");
    REQUIRE(opened != std::string::npos);
    REQUIRE(wrong != std::string::npos);
    REQUIRE(set != std::string::npos);
    CHECK(opened < wrong);
    CHECK(wrong < set);

    const auto json = kioskctl(dir, "audit list --json --limit 2");
    REQUIRE(json.exit_code == 0);
    CHECK(json.out.find("\"action\": \"staff.open\"") != std::string::npos);
    CHECK(json.out.find("staff.set-pin") == std::string::npos);  // the third, past the limit
    for (const auto* pin : {"482915", "000111"}) {
        CHECK(list.out.find(pin) == std::string::npos);
        CHECK(json.out.find(pin) == std::string::npos);
    }
}
