// Tests kiosk/app/atlas_file: cache files are read whole and replaced whole, in a folder only the
// kiosk's user can enter; a missing file is no error, an unusable place is one, never a crash.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "kiosk/app/atlas_file.hpp"

namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("mingbai-atlas-file-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::vector<std::byte> bytes_of(std::size_t n, int seed) {
    std::vector<std::byte> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>((i * 131 + seed) & 0xFF);
    return v;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("a written cache file reads back whole, private to the kiosk's user") {
    const auto data = scratch("roundtrip");
    const auto file = data / "cache" / "atlas-standard.bin";
    const auto bytes = bytes_of(300'000, 1);
    REQUIRE(kiosk::app::write_atlas_file(file, bytes));
    CHECK(mode_of(data / "cache") == 0700);
    CHECK(mode_of(file) == 0600);
    auto read = kiosk::app::read_atlas_file(file);
    REQUIRE(read);
    REQUIRE(*read);
    const auto got = (*read)->bytes();
    CHECK(std::equal(got.begin(), got.end(), bytes.begin(), bytes.end()));
    // Nothing but the file: the temporary name is gone.
    CHECK(std::distance(fs::directory_iterator(data / "cache"), fs::directory_iterator{}) == 1);
}

TEST_CASE("writing replaces the file whole") {
    const auto data = scratch("replace");
    const auto file = data / "cache" / "atlas-elder.bin";
    REQUIRE(kiosk::app::write_atlas_file(file, bytes_of(100'000, 1)));
    const auto smaller = bytes_of(10, 2);
    REQUIRE(kiosk::app::write_atlas_file(file, smaller));
    auto read = kiosk::app::read_atlas_file(file);
    REQUIRE(read);
    REQUIRE(*read);
    const auto got = (*read)->bytes();
    CHECK(std::equal(got.begin(), got.end(), smaller.begin(), smaller.end()));
}

TEST_CASE("no cache file yet is not an error, but a place that cannot hold one is") {
    const auto data = scratch("missing");
    auto none = kiosk::app::read_atlas_file(data / "cache" / "atlas-standard.bin");
    REQUIRE(none);
    CHECK(*none == nullptr);

    fs::create_directories(data / "a-folder.bin");
    CHECK_FALSE(kiosk::app::read_atlas_file(data / "a-folder.bin"));

    // The cache folder's place is taken by a file: the write fails, nothing else happens.
    std::ofstream(data / "cache") << "not a folder";
    CHECK_FALSE(
        kiosk::app::write_atlas_file(data / "cache" / "atlas-standard.bin", bytes_of(10, 3)));
}

TEST_CASE("an empty cache file reads as empty bytes, for the decoder to refuse") {
    const auto data = scratch("empty");
    std::ofstream(data / "atlas-standard.bin").close();
    auto read = kiosk::app::read_atlas_file(data / "atlas-standard.bin");
    REQUIRE(read);
    REQUIRE(*read);
    CHECK((*read)->bytes().empty());
}
