// Private to the transports: their constructors, and a file descriptor transport they share.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "base/serial_line.hpp"
#include "printer/transport.hpp"

namespace printer::detail {

// A transport over a file descriptor (serial line, USB printer class, TCP socket).
class FdTransport : public Transport {
  public:
    FdTransport(int fd, std::string name, bool bidirectional)
        : fd_(fd), name_(std::move(name)), bidi_(bidirectional) {}
    ~FdTransport() override;
    std::expected<void, TransportError> write(std::span<const std::uint8_t> bytes) override;
    std::expected<std::size_t, TransportError> read(std::span<std::uint8_t> buffer,
                                                    int timeout_ms) override;
    bool bidirectional() const override { return bidi_; }
    std::string describe() const override { return name_; }

  private:
    int fd_;
    std::string name_;
    bool bidi_;
};

// "HOST:PORT" (an IPv6 host in brackets: "[::1]:9100"), read by check_spec and open_tcp alike.
struct TcpAddress {
    std::string host;  // without brackets
    std::string port;  // digits, 1 to 65535
};
std::expected<TcpAddress, std::string> parse_tcp(std::string_view host_port);

// "DEVICE?baud=N&flow=rtscts|xonxoff|none", read by check_spec and open_serial alike.
struct SerialSpec {
    std::string path;
    base::SerialSettings line;
};
std::expected<SerialSpec, std::string> parse_serial(std::string_view spec);

// These take what follows "kind:" in a spec check_spec has passed.
std::expected<std::unique_ptr<Transport>, TransportError> open_file(const std::string& path);
std::expected<std::unique_ptr<Transport>, TransportError> open_tcp(const std::string& host_port);
std::expected<std::unique_ptr<Transport>, TransportError> open_serial(const std::string& spec);
std::expected<std::unique_ptr<Transport>, TransportError> open_usb(const std::string& path);
std::expected<std::unique_ptr<Transport>, TransportError> open_emulator(const std::string& dir);

}  // namespace printer::detail
