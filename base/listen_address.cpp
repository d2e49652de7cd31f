// HOST:PORT parsing.
#include "base/listen_address.hpp"

#include <charconv>

namespace base {

std::expected<ListenAddress, std::string> parse_listen_address(std::string_view text) {
    // The last colon: an IPv6 host has colons of its own (and then brackets).
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) {
        return std::unexpected("no port (HOST:PORT)");
    }
    ListenAddress address;
    address.host = std::string(text.substr(0, colon));
    if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']') {
        address.host = address.host.substr(1, address.host.size() - 2);
    }
    const std::string_view port = text.substr(colon + 1);
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), address.port);
    if (port.size() > 5 || port.front() < '0' || port.front() > '9' || ec != std::errc() ||
        end != port.data() + port.size()) {
        return std::unexpected("the port \"" + std::string(port) + "\" is not a number");
    }
    if (address.port > 65535) {
        return std::unexpected("the port " + std::to_string(address.port) + " is above 65535");
    }
    return address;
}

}  // namespace base
