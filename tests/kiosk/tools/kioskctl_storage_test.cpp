// kioskctl when the kiosk's storage fails under it: a disk that fills up while a request is
// stored (the real error from the file system: the size limit a shell's `ulimit -f` sets makes
// every write past it fail as a full disk does) and a state.db damaged on disk. Each is said in
// plain words with a non-zero exit, and nothing half-stored is left behind.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/run_command.hpp"

namespace fs = std::filesystem;

namespace {

using test::Run;

fs::path scratch(const std::string& name) {
    const auto dir =
        fs::temp_directory_path() / ("mingbai-ctl-storage-" + std::to_string(::getpid())) / name;
    fs::create_directories(dir);
    return dir;
}

// The test config with a county that is never reached (nothing listens on port 9).
fs::path config_with_county() {
    const auto path = scratch("config") / "kiosk.toml";
    std::ifstream in(fs::path(TEST_DATA_DIR) / "config/test.toml");
    std::ofstream out(path);
    out << in.rdbuf()
        << "\n[county]\nurl = \"http://127.0.0.1:9\"\ntoken = \"t\"\nkiosk_id = \"k1\"\n";
    return path;
}

// kioskctl on `data`, its command line after `shell_prefix` (say, a `ulimit`).
Run ctl(const fs::path& data, const std::string& args, const std::string& shell_prefix = "") {
    return test::run_command(shell_prefix + std::string(BIN_DIR) + "/kioskctl --config " +
                                 config_with_county().string() + " --data-dir " + data.string() +
                                 " " + args,
                             data.parent_path() / (data.filename().string() + "-stderr.txt"));
}

const std::string kSubmit =
    "request submit --item dibao --service 表格填写 --id 11010519491231002X --phone 13800000000";

}  // namespace

TEST_CASE("a disk that fills while storing: not saved, said plainly, exit 1, nothing half-stored") {
    const auto data = scratch("full");
    REQUIRE(ctl(data, kSubmit).exit_code == 0);  // the outbox exists and holds one request

    // Files may not grow past 32 KiB: room for SQLite's shared-memory index, not for a write
    // that large. A full file system answers the same way (ENOSPC rather than EFBIG). SIGXFSZ is
    // ignored so that, as on a full disk, the write fails rather than the process.
    std::string missing;
    for (int i = 0; i < 12; ++i) missing += " --missing " + std::string(3000, 'x');
    const auto full = ctl(data, kSubmit + missing, "trap '' XFSZ; ulimit -f 64; exec ");
    CHECK(full.exit_code == 1);
    CHECK(full.err.find("the request was not saved: ") != std::string::npos);
    // SQLite keeps no errno for the write that failed; with room left on the file system (the
    // limit here is the process's), the words are "full or failing".
    CHECK(full.err.find("the disk could not be written: full or failing (") != std::string::npos);
    CHECK(full.out.find("stored") == std::string::npos);

    // Nothing of it stayed, the number it would have had is not spent, and with room the same
    // request goes in.
    const auto list = ctl(data, "request list");
    REQUIRE(list.exit_code == 0);
    CHECK(list.out.find("A-") != std::string::npos);
    CHECK(list.out.find("-0002") == std::string::npos);
    const auto again = ctl(data, kSubmit + missing);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("-0002") != std::string::npos);
}

TEST_CASE("sync --until-empty on a damaged state.db fails naming the cause, never 'nothing left'") {
    const auto data = scratch("damaged");
    // Enough requests that the table spans several pages, so the damage is in the middle.
    for (int i = 0; i < 30; ++i) REQUIRE(ctl(data, kSubmit).exit_code == 0);
    const auto db = data / "state.db";
    const auto size = fs::file_size(db);
    REQUIRE(size >= 4 * 4096);
    {
        // The last page, overwritten as a failing disk would return it.
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size - 4096));
        const std::string junk(4096, '\xee');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto sync = ctl(data, "sync --until-empty --timeout 5");
    CHECK(sync.exit_code != 0);
    CHECK(sync.out.find("nothing left to send") == std::string::npos);
    CHECK(sync.err.find("damaged") != std::string::npos);

    const auto list = ctl(data, "request list");
    CHECK(list.exit_code != 0);
    CHECK(list.err.find("damaged") != std::string::npos);
}

namespace {

// Permission bits of a file or folder.
unsigned mode_of(const fs::path& path) {
    return static_cast<unsigned>(fs::status(path).permissions() & fs::perms::mask);
}

// Every folder and file under `dir` (the folder included) that others could open.
std::string open_to_others(const fs::path& dir) {
    std::string found;
    if ((mode_of(dir) & 077) != 0) found += dir.string() + "\n";
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if ((mode_of(entry.path()) & 077) != 0) found += entry.path().string() + "\n";
    }
    return found;
}

}  // namespace

TEST_CASE("the data folder is 0700 and every file in it 0600 from the first write") {
    const auto data = scratch("modes-fresh") / "data";
    REQUIRE(ctl(data, kSubmit).exit_code == 0);
    CHECK(mode_of(data) == 0700);
    CHECK(mode_of(data / "state.db") == 0600);
    CHECK(mode_of(data / "outbox.key") == 0600);
    CHECK(open_to_others(data) == "");
}

TEST_CASE("a data folder left open to others is closed at start, and staff are told") {
    const auto data = scratch("modes-open") / "data";
    REQUIRE(ctl(data, kSubmit).exit_code == 0);
    fs::permissions(data, fs::perms(0755));
    fs::permissions(data / "state.db", fs::perms(0644));
    const auto r = ctl(data, "request list");
    CHECK(r.exit_code == 0);
    CHECK(mode_of(data) == 0700);
    CHECK(mode_of(data / "state.db") == 0600);
    CHECK(r.err.find("state.db was 0644, open to other users: made 0600") != std::string::npos);
    CHECK(r.err.find("was 0755, open to other users: made 0700") != std::string::npos);
}
