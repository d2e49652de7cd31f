// Tests base/device_error: why a device would not open, in plain words naming the device.
#include <doctest/doctest.h>

#include <cerrno>

#include "base/device_error.hpp"

using base::device_open_error;
using Kind = base::DeviceOpenError::Kind;

TEST_CASE("a missing device is named, with the hint when one is given") {
    for (const int err : {ENOENT, ENODEV, ENXIO}) {
        CAPTURE(err);
        const auto hinted = device_open_error("/dev/usb/lp9", err, "is the printer plugged in?");
        CHECK(hinted.kind == Kind::not_found);
        CHECK(hinted.message == "/dev/usb/lp9: no such device (is the printer plugged in?)");
        CHECK(device_open_error("/dev/video9", err).message == "/dev/video9: no such device");
    }
}

TEST_CASE("missing permission names the group that owns the device") {
    const auto denied = device_open_error("/dev/null", EACCES);
    CHECK(denied.kind == Kind::permission);
    CHECK(denied.message ==
          "/dev/null: permission denied (add the kiosk's user to the group \"root\")");
    // A device that is not there has no group to name.
    CHECK(device_open_error("/dev/no-such-thing", EPERM).message ==
          "/dev/no-such-thing: permission denied");
}

TEST_CASE("a busy device and other errors") {
    const auto busy = device_open_error("/dev/video0", EBUSY);
    CHECK(busy.kind == Kind::busy);
    CHECK(busy.message == "/dev/video0: busy (another program is using it)");
    const auto other = device_open_error("/dev/ttyS0", EIO);
    CHECK(other.kind == Kind::other);
    CHECK(other.message == "/dev/ttyS0: Input/output error");
}
