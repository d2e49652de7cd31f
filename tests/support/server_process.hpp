// What the tests' throwaway servers (nginx, cupsd) share: ending one for sure, and reading the
// files it writes.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace test {

// SIGTERM, then waits for `pid`, so that nothing outlives the test; SIGKILL when it has not gone
// within `patience`: a test's clean-up must never hang. `pid` is -1 afterwards.
inline void stop_server(pid_t& pid, std::chrono::seconds patience) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + patience;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        ::poll(nullptr, 0, 20);
    }
    pid = -1;
}

// The whole file, "" when it is not there (yet).
inline std::string read_whole_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace test
