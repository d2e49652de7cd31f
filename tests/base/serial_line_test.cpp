// Tests base/serial_line: raw mode, speed and flow control on a real tty (a pseudo-terminal), and
// the error for a file that is no serial line.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "base/pty.hpp"
#include "base/serial_line.hpp"

TEST_CASE("the supported speeds") {
    for (const int baud : {9600, 19200, 38400, 57600, 115200, 230400}) {
        CHECK(base::is_supported_baud(baud));
    }
    CHECK_FALSE(base::is_supported_baud(0));
    CHECK_FALSE(base::is_supported_baud(14400));
}

TEST_CASE("set_raw_mode makes a line raw at its speed with the flow control asked for") {
    auto pty = base::Pty::open_raw();
    REQUIRE_MESSAGE(pty.has_value(), (pty ? "" : pty.error()));
    const int fd = ::open(pty->slave_path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    REQUIRE(fd >= 0);

    REQUIRE(base::set_raw_mode(fd, pty->slave_path(),
                               {.baud = 9600, .flow = base::FlowControl::rtscts}));
    termios tio{};
    REQUIRE(::tcgetattr(fd, &tio) == 0);
    CHECK(::cfgetospeed(&tio) == B9600);
    CHECK(::cfgetispeed(&tio) == B9600);
    CHECK((tio.c_lflag & (ICANON | ECHO)) == 0);
    CHECK((tio.c_oflag & OPOST) == 0);
    CHECK((tio.c_cflag & CREAD) != 0);
    CHECK((tio.c_cflag & CLOCAL) != 0);
    CHECK((tio.c_cflag & CRTSCTS) != 0);
    CHECK((tio.c_iflag & (IXON | IXOFF)) == 0);

    REQUIRE(base::set_raw_mode(fd, pty->slave_path(),
                               {.baud = 115200, .flow = base::FlowControl::xonxoff}));
    REQUIRE(::tcgetattr(fd, &tio) == 0);
    CHECK(::cfgetospeed(&tio) == B115200);
    CHECK((tio.c_cflag & CRTSCTS) == 0);
    CHECK((tio.c_iflag & (IXON | IXOFF)) == (IXON | IXOFF));

    // Speed 0 keeps the line's speed.
    REQUIRE(base::set_raw_mode(fd, pty->slave_path()));
    REQUIRE(::tcgetattr(fd, &tio) == 0);
    CHECK(::cfgetospeed(&tio) == B115200);
    CHECK((tio.c_iflag & (IXON | IXOFF)) == 0);

    const auto bad = base::set_raw_mode(fd, "/dev/ttyX", {.baud = 14400});
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error() ==
          "/dev/ttyX: baud must be 9600, 19200, 38400, 57600, 115200 or 230400, not 14400");
    ::close(fd);
}

TEST_CASE("a file that is no serial line is named as such") {
    const int fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    REQUIRE(fd >= 0);
    const auto result = base::set_raw_mode(fd, "/dev/null");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().rfind("/dev/null: not a serial line (", 0) == 0);
    ::close(fd);
}
