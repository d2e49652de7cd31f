// Tests base/pty: a raw pseudo-terminal whose slave a client opens by path; bytes pass unchanged.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <string>
#include <utility>

#include "base/pty.hpp"

namespace {

// What the master has within a second.
std::string read_master(const base::Pty& pty) {
    std::string out;
    pollfd p{pty.master_fd(), POLLIN, 0};
    while (::poll(&p, 1, 1000) > 0) {
        char buffer[256];
        const ssize_t n = ::read(pty.master_fd(), buffer, sizeof buffer);
        if (n <= 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.size() >= 5) break;
    }
    return out;
}

}  // namespace

TEST_CASE("a client writes through the slave path, the master reads the bytes unchanged") {
    auto pty = base::Pty::open_raw();
    REQUIRE_MESSAGE(pty.has_value(), (pty ? "" : pty.error()));
    CHECK(pty->slave_path().rfind("/dev/pts/", 0) == 0);
    CHECK((::fcntl(pty->master_fd(), F_GETFL) & O_NONBLOCK) != 0);

    const int client = ::open(pty->slave_path().c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    REQUIRE(client >= 0);
    // Raw: a cooked tty would send LF as CR LF and take 0x11 as XON.
    const std::string bytes = std::string("a\nb\x11") + '\r';
    REQUIRE(::write(client, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    CHECK(read_master(*pty) == bytes);
    ::close(client);

    // With no client left the master does not report a hang-up: the slave is held open.
    pollfd p{pty->master_fd(), POLLIN, 0};
    CHECK(::poll(&p, 1, 50) == 0);
}

TEST_CASE("a pty moves with its descriptors, an empty one has none") {
    base::Pty none;
    CHECK(none.master_fd() == -1);
    auto opened = base::Pty::open_raw();
    REQUIRE(opened.has_value());
    const int master = opened->master_fd();
    base::Pty moved = std::move(*opened);
    CHECK(moved.master_fd() == master);
    CHECK(opened->master_fd() == -1);
    none = std::move(moved);
    CHECK(none.master_fd() == master);
}
