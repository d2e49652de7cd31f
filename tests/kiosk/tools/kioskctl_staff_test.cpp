// kioskctl staff set-pin and status, as a technician uses them: the PIN from standard input,
// never from the command line; a weak one refused; the status says set or not, locked or not.
#include <doctest/doctest.h>

#include <string>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

test::Run staff(const test::TempDir& dir, const std::string& args, const std::string& input = "") {
    return test::run_command((input.empty() ? "" : "printf '" + input + "' | ") +
                                 std::string(BIN_DIR) + "/kioskctl --data-dir " +
                                 (dir.path / "data").string() + " staff " + args,
                             dir.path / "err");
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
