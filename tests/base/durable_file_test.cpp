// Durable writes: the file appears whole, no temporary is left, and a full disk says so plainly.
#include "base/durable_file.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <iterator>

#include "support/temp_dir.hpp"

namespace {

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a durable write replaces the file whole and leaves no temporary file") {
    test::TempDir dir("durable");
    const auto file = dir.path / "manifest.json";
    std::ofstream(file) << "old";
    REQUIRE(base::write_file_durably(file, "new text"));
    CHECK(read(file) == "new text");
    CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
    REQUIRE(base::copy_file_synced(file, dir.path / "copy"));
    CHECK(read(dir.path / "copy") == "new text");
}

TEST_CASE("a durable write on a full disk fails with \"the disk is full\" and keeps the old file") {
    test::TempDir dir("durable-full");
    const auto file = dir.path / "f";
    std::ofstream(file) << "old";
    // In a child: the file size limit stands in for a full disk (EFBIG, as ENOSPC would be).
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{1000, 1000};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        auto ok = base::write_file_durably(file, std::string(5000, 'x'));
        const std::string message = ok ? "ok" : ok.error();
        (void)!::write(pipe_fds[1], message.data(), message.size());
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    std::string message;
    char buf[512];
    for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) message.append(buf, n);
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(message == file.string() + " could not be written: the disk is full");
    CHECK(read(file) == "old");
    CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
}

TEST_CASE("a durable write can keep the old file's mode and owner") {
    test::TempDir dir("durable-keep");
    const auto file = dir.path / "kiosk.toml";
    std::ofstream(file) << "old";
    REQUIRE(base::write_file_durably(file, "new", {0640, ::getuid(), ::getgid()}));
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(read(file) == "new");

    if (::geteuid() == 0) {
        REQUIRE(base::write_file_durably(file, "newer", {0604, 65534, 65534}));
        REQUIRE(::stat(file.c_str(), &st) == 0);
        CHECK(st.st_uid == 65534);
        CHECK(st.st_gid == 65534);
        CHECK((st.st_mode & 07777) == 0604);
    } else {
        // An owner this process may not give: nothing written, the old file as it was.
        auto refused = base::write_file_durably(file, "newer", {0640, 0, 0});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().starts_with(file.string() + " cannot keep its owner (0:0): "));
        CHECK(read(file) == "new");
        CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
    }
}
