// Why a device would not open, in plain words for staff: the printer, the scanners, the camera
// and the ID card reader all say it the same way.
#pragma once

#include <string>
#include <string_view>

namespace base {

struct DeviceOpenError {
    // not_found: ENOENT, ENODEV, ENXIO; permission: EACCES, EPERM; busy: EBUSY; other: the rest.
    enum class Kind { not_found, permission, busy, other } kind;
    std::string message;
};

// The errno of a failed open() of `device` as a message that names the device:
//   "/dev/usb/lp0: no such device (is the printer plugged in and on?)"  (the hint, if given)
//   "/dev/usb/lp0: permission denied (add the kiosk's user to the group "lp")"
//   "/dev/video0: busy (another program is using it)"
//   "/dev/ttyS0: Input/output error"
// `missing_hint` is what to check when the device is missing; empty: no hint. The group is the
// device file's own, looked up when permission is missing.
DeviceOpenError device_open_error(std::string_view device, int err,
                                  std::string_view missing_hint = {});

}  // namespace base
