// Tests base/listen_address: HOST:PORT as the listening programs take it.
#include <doctest/doctest.h>

#include "base/listen_address.hpp"

using base::parse_listen_address;

TEST_CASE("host and port, IPv6 in brackets, an empty host for every address") {
    auto v4 = parse_listen_address("127.0.0.1:8080");
    REQUIRE(v4.has_value());
    CHECK(v4->host == "127.0.0.1");
    CHECK(v4->port == 8080);
    CHECK(parse_listen_address("[::1]:9100")->host == "::1");
    CHECK(parse_listen_address("localhost:0")->port == 0);
    CHECK(parse_listen_address(":9100")->host.empty());
    CHECK(parse_listen_address("0.0.0.0:65535")->port == 65535);
}

TEST_CASE("a missing or bad port is an error that says so") {
    for (const char* bad : {"127.0.0.1", "127.0.0.1:", "host:http", "host:-1", "host:+80",
                            "host:123456", "host:8080 "}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_listen_address(bad).has_value());
    }
    CHECK(parse_listen_address("host:65536").error() == "the port 65536 is above 65535");
    CHECK(parse_listen_address("host").error() == "no port (HOST:PORT)");
}
