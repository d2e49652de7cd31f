// A fresh folder under the temp directory for one test, removed with everything in it when the
// test ends: tests write real files, and leave none behind.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace test {

struct TempDir {
    std::filesystem::path path;

    // `<temp>/mingbai-<what>-<pid>-<n>`: the pid keeps parallel ctest runs apart.
    explicit TempDir(std::string_view what) {
        static std::atomic<int> counter{0};
        path = std::filesystem::temp_directory_path() /
               ("mingbai-" + std::string(what) + "-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

}  // namespace test
