// How bytes reach a printer: one small interface, one file per transport (USB printer class,
// serial, TCP 9100, a file, the built-in emulator). Failures are values that say what to do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace printer {

struct TransportError {
    enum class Kind { bad_spec, not_found, permission, disconnected, timeout, io } kind;
    std::string message;  // plain, for staff: names the device and, for permissions, the group
};

class Transport {
  public:
    virtual ~Transport() = default;
    virtual std::expected<void, TransportError> write(std::span<const std::uint8_t> bytes) = 0;
    // Up to `buffer.size()` bytes within `timeout_ms`; 0 bytes means the time ran out.
    virtual std::expected<std::size_t, TransportError> read(std::span<std::uint8_t> buffer,
                                                            int timeout_ms) = 0;
    // Whether the printer can answer status requests over this transport.
    virtual bool bidirectional() const = 0;
    virtual std::string describe() const = 0;
};

// "file:PATH", "tcp:HOST:PORT", "serial:/dev/ttyUSB0?baud=115200&flow=rtscts", "usb:/dev/usb/lp0",
// "emulator:DIR" (the built-in stand-in, writing a PNG per sheet into DIR). A spec check_spec
// refuses is an error of kind bad_spec, said by bad_spec_message.
std::expected<std::unique_ptr<Transport>, TransportError> open_transport(const std::string& spec);

// Whether `spec` can name a printer at all, decided without opening anything, so that the config
// check and kioskctl refuse it as bad input rather than report a printer that cannot be reached:
// a known kind with its path, a TCP port from 1 to 65535 (getaddrinfo would take 99999 as
// 34463), a serial speed termios has and known serial options. "emulator" alone is the built-in
// stand-in. The reason says what was expected: "expected a port from 1 to 65535".
std::expected<void, std::string> check_spec(std::string_view spec);
// "bad printer spec \"tcp:127.0.0.1:99999\": expected a port from 1 to 65535"
std::string bad_spec_message(std::string_view spec, std::string_view reason);

// For the transports: errno of a failed open as a TransportError naming the device and, when
// permission is missing, the group that has it.
TransportError open_error(const std::string& path, int err);

}  // namespace printer
