// serial:DEVICE?baud=N&flow=rtscts|xonxoff|none — a printer on an RS-232 or USB-serial line.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string_view>

#include "base/serial_line.hpp"
#include "printer/transport_detail.hpp"

namespace printer::detail {

std::expected<SerialSpec, std::string> parse_serial(std::string_view spec) {
    const auto q = spec.find('?');
    SerialSpec out{std::string(spec.substr(0, q)),
                   base::SerialSettings{.baud = 115200, .flow = base::FlowControl::none}};
    if (out.path.empty()) return std::unexpected("expected serial:DEVICE?baud=N");
    std::string_view query = q == std::string_view::npos ? "" : spec.substr(q + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view kv = query.substr(0, amp);
        query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
        const auto eq = kv.find('=');
        const std::string_view key = kv.substr(0, eq),
                               value = eq == std::string_view::npos ? "" : kv.substr(eq + 1);
        if (key == "baud") {
            // Only the speeds set_raw_mode can set (termios names each one), refused here
            // rather than at open, so that a typo is bad input, not a printer out of reach.
            const auto [p, ec] =
                std::from_chars(value.data(), value.data() + value.size(), out.line.baud);
            if (ec != std::errc{} || p != value.data() + value.size() ||
                !base::is_supported_baud(out.line.baud)) {
                return std::unexpected("expected baud=" + std::string(base::kSupportedBauds));
            }
        } else if (key == "flow" && value == "rtscts") {
            out.line.flow = base::FlowControl::rtscts;
        } else if (key == "flow" && value == "xonxoff") {
            out.line.flow = base::FlowControl::xonxoff;
        } else if (key == "flow" && value == "none") {
            out.line.flow = base::FlowControl::none;
        } else {
            return std::unexpected(
                "expected the options baud=N and flow=rtscts|xonxoff|none, not \"" +
                std::string(kv) + "\"");
        }
    }
    return out;
}

std::expected<std::unique_ptr<Transport>, TransportError> open_serial(const std::string& spec) {
    auto parsed = parse_serial(spec);
    if (!parsed) {
        return std::unexpected(TransportError{TransportError::Kind::bad_spec,
                                              bad_spec_message("serial:" + spec, parsed.error())});
    }
    const std::string& path = parsed->path;
    const base::SerialSettings& line = parsed->line;
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::unexpected(open_error(path, errno));
    if (auto raw = base::set_raw_mode(fd, path, line); !raw) {
        ::close(fd);
        return std::unexpected(TransportError{TransportError::Kind::io, raw.error()});
    }
    return std::make_unique<FdTransport>(fd, "serial:" + path, true);
}

}  // namespace printer::detail
