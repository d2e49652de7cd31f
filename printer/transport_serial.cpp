// serial:DEVICE?baud=N&flow=rtscts|xonxoff|none — a printer on an RS-232 or USB-serial line.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "base/serial_line.hpp"
#include "printer/transport_detail.hpp"

namespace printer::detail {

std::expected<std::unique_ptr<Transport>, TransportError> open_serial(const std::string& spec) {
    const auto q = spec.find('?');
    const std::string path = spec.substr(0, q);
    base::SerialSettings line{.baud = 115200, .flow = base::FlowControl::none};
    if (q != std::string::npos) {
        std::string query = spec.substr(q + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string kv = query.substr(0, amp);
            query = amp == std::string::npos ? "" : query.substr(amp + 1);
            const auto eq = kv.find('=');
            const std::string key = kv.substr(0, eq),
                              value = eq == std::string::npos ? "" : kv.substr(eq + 1);
            if (key == "baud") {
                const auto [p, ec] =
                    std::from_chars(value.data(), value.data() + value.size(), line.baud);
                if (ec != std::errc{} || p != value.data() + value.size() ||
                    !base::is_supported_baud(line.baud)) {
                    return std::unexpected(TransportError{
                        TransportError::Kind::bad_spec,
                        "serial:" + spec + ": baud must be " + std::string(base::kSupportedBauds)});
                }
            } else if (key == "flow" && value == "rtscts") {
                line.flow = base::FlowControl::rtscts;
            } else if (key == "flow" && value == "xonxoff") {
                line.flow = base::FlowControl::xonxoff;
            } else if (key == "flow" && value == "none") {
                line.flow = base::FlowControl::none;
            } else {
                return std::unexpected(TransportError{
                    TransportError::Kind::bad_spec, "serial:" + spec + ": unknown option \"" + kv +
                                                        "\" (baud=N, flow=rtscts|xonxoff|none)"});
            }
        }
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::unexpected(open_error(path, errno));
    if (auto raw = base::set_raw_mode(fd, path, line); !raw) {
        ::close(fd);
        return std::unexpected(TransportError{TransportError::Kind::io, raw.error()});
    }
    return std::make_unique<FdTransport>(fd, "serial:" + path, true);
}

}  // namespace printer::detail
