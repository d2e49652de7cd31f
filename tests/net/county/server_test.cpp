// Tests net/county/server: starting, with bad options and on a port in use.
#include <doctest/doctest.h>

#include <string>

#include "county_test_support.hpp"

using namespace county_test;

TEST_CASE("start refuses bad options and a port in use") {
    TempDir dir;
    CountyServerOptions options;
    options.db = dir.path / "county.db";
    options.fail_rate = 1.5;
    CHECK_FALSE(CountyServer::start(options).has_value());
    options.fail_rate = 0;
    options.drop_rate = -0.1;
    CHECK_FALSE(CountyServer::start(options).has_value());
    options.drop_rate = 0;
    options.db.clear();
    CHECK_FALSE(CountyServer::start(options).has_value());

    auto running = start_server(dir.path / "county.db");
    options.db = dir.path / "other.db";
    options.port = running->port();
    auto clash = CountyServer::start(options);
    REQUIRE_FALSE(clash.has_value());
    CHECK(clash.error().find(std::to_string(running->port())) != std::string::npos);
}
