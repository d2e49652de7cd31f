// Tests base/program: the failure line and its exit code, and signals taken with sigwait().
#include <doctest/doctest.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "base/program.hpp"

TEST_CASE("fail writes \"program: message\" to stderr and returns 2") {
    const auto path = std::filesystem::temp_directory_path() /
                      ("mingbai-program-test-" + std::to_string(::getpid()));
    std::cerr.flush();
    const int saved = ::dup(STDERR_FILENO);
    REQUIRE(saved >= 0);
    FILE* file = std::fopen(path.c_str(), "w");
    REQUIRE(file != nullptr);
    ::dup2(::fileno(file), STDERR_FILENO);
    const int code = base::fail("county-server", "--db FILE is required");
    std::cerr.flush();
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    std::fclose(file);
    CHECK(code == 2);
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == "county-server: --db FILE is required\n");
    std::filesystem::remove(path);
}

TEST_CASE("BlockedSignals blocks its signals and wait() takes the one that arrives") {
    sigset_t before;
    REQUIRE(pthread_sigmask(SIG_SETMASK, nullptr, &before) == 0);
    {
        const base::BlockedSignals signals{SIGUSR1, SIGUSR2};
        sigset_t now;
        REQUIRE(pthread_sigmask(SIG_SETMASK, nullptr, &now) == 0);
        CHECK(sigismember(&now, SIGUSR1) == 1);
        CHECK(sigismember(&now, SIGUSR2) == 1);
        // Blocked, a raised signal waits instead of ending the process.
        REQUIRE(pthread_kill(pthread_self(), SIGUSR2) == 0);
        CHECK(signals.wait() == SIGUSR2);
    }
    REQUIRE(pthread_sigmask(SIG_SETMASK, &before, nullptr) == 0);
}
