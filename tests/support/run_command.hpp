// Runs a shell command line as a person at a terminal would and keeps what it printed: its
// stdout, its stderr (through a file next to nothing else) and its exit code. For the tests that
// drive kioskctl and the other programs from outside.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <doctest/doctest.h>

namespace test {

struct Run {
    int exit_code = -1;
    std::string out;  // stdout only
    std::string err;
};

// `command` through /bin/sh; its stderr goes to `err_file` and is read back from there.
inline Run run_command(const std::string& command, const std::filesystem::path& err_file) {
    Run r;
    const std::string line = command + " 2>'" + err_file.string() + "'";
    FILE* pipe = ::popen(line.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buf{};
    while (const auto n = std::fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream e(err_file);
    r.err.assign(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>());
    return r;
}

}  // namespace test
