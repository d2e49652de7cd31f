// Serial lines (termios): raw mode at a speed with a flow control, as the printer, the serial
// scanners, the ID card reader and the emulators' pseudo-terminals all need it.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace base {

enum class FlowControl { none, rtscts, xonxoff };

// The speeds the kiosk's serial devices use, in words for messages.
inline constexpr std::string_view kSupportedBauds = "9600, 19200, 38400, 57600, 115200 or 230400";
bool is_supported_baud(int baud);

struct SerialSettings {
    int baud = 0;  // one of kSupportedBauds; 0 leaves the line's speed as it is
    FlowControl flow = FlowControl::none;
    // Discard the bytes already waiting: for devices that only answer, where a leftover answer
    // from an earlier session would be read as the answer to the first question. A scanner that
    // sends on its own keeps them: they may be a scan.
    bool discard_input = true;
};

// Puts the line open on `fd` into raw mode: bytes, not lines — no echo, no CR/LF translation, no
// 0x11/0x13 taken as XON/XOFF unless asked for — with the receiver on and modem lines ignored.
// Errors name `device`:
// "/dev/null: not a serial line (Inappropriate ioctl for device)".
std::expected<void, std::string> set_raw_mode(int fd, std::string_view device,
                                              const SerialSettings& settings = {});

}  // namespace base
