// Writing an emulated device's answers to a line whose reader may be away (a pty nobody has
// open, a client that stopped reading): whole, or dropped when the line's buffer is full, as on
// a real line, rather than stalling the emulator.
#pragma once

#include <cstdint>
#include <span>

namespace base {

enum class LineWrite {
    written,  // all of it
    dropped,  // the buffer was full: the rest is lost
    gone,     // the other end has gone (hung up, reset)
};

// fd must be non-blocking, or a socket (then sent with MSG_DONTWAIT and MSG_NOSIGNAL: a client
// that hung up must not kill the process with SIGPIPE).
LineWrite write_or_drop(int fd, std::span<const std::uint8_t> bytes, bool socket);

}  // namespace base
