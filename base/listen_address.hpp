// HOST:PORT for the programs that listen (county-server, printer_emulator).
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace base {

struct ListenAddress {
    std::string host;  // without brackets: "::1"; empty for ":PORT" (every address)
    int port = 0;      // 0..65535; 0 asks for a free port
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:0" or ":9100". The error says what is wrong.
std::expected<ListenAddress, std::string> parse_listen_address(std::string_view text);

}  // namespace base
