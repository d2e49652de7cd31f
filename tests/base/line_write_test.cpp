// Tests base/line_write: answers written whole, dropped when nobody reads, and the end gone.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

#include "base/line_write.hpp"

TEST_CASE("written whole, then dropped once the buffer is full, then gone when the reader is") {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0);
    const std::vector<std::uint8_t> answer(4096, 0x55);
    CHECK(base::write_or_drop(fds[1], answer, false) == base::LineWrite::written);
    std::uint8_t back[4096];
    CHECK(::read(fds[0], back, sizeof back) == 4096);

    // Nobody reads: the pipe fills, and the emulator must not stall.
    base::LineWrite last = base::LineWrite::written;
    for (int i = 0; i < 1000 && last == base::LineWrite::written; ++i) {
        last = base::write_or_drop(fds[1], answer, false);
    }
    CHECK(last == base::LineWrite::dropped);
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST_CASE("a socket whose peer has gone is gone, without SIGPIPE") {
    int pair[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
    const std::vector<std::uint8_t> answer = {0x12, 0x00};
    CHECK(base::write_or_drop(pair[0], answer, true) == base::LineWrite::written);
    ::close(pair[1]);
    CHECK(base::write_or_drop(pair[0], answer, true) == base::LineWrite::gone);
    ::close(pair[0]);
}
