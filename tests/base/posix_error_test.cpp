// Tests base/posix_error: errno in words.
#include <doctest/doctest.h>

#include <cerrno>

#include "base/posix_error.hpp"

TEST_CASE("errno_text and errno_message say what an error number means") {
    CHECK(base::errno_text(ENOENT) == "No such file or directory");
    CHECK(base::errno_message("open /dev/usb/lp0", EACCES) ==
          "open /dev/usb/lp0: Permission denied");
    CHECK_FALSE(base::errno_text(123456).empty());  // an unknown number still gets words
}
