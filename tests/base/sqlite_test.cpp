// Tests base/sqlite: failures come back as values, led by plain words a person can act on.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "base/sqlite.hpp"

namespace fs = std::filesystem;

TEST_CASE("a database that has no room left says the disk is full, then SQLite's words") {
    const auto path =
        fs::temp_directory_path() / ("mingbai-sqlite-full-" + std::to_string(::getpid()) + ".db");
    fs::remove(path);
    auto db = base::Database::open(path.string(), base::Database::Mode::read_write_create);
    REQUIRE(db.has_value());
    // max_page_count is SQLite's own cap on the file: past it, SQLite answers as it does when
    // the file system is full (SQLITE_FULL).
    REQUIRE(db->exec("CREATE TABLE t(x BLOB); PRAGMA max_page_count = 4").has_value());
    std::string error;
    for (int i = 0; i < 20 && error.empty(); ++i) {
        if (auto ok = db->exec("INSERT INTO t VALUES (zeroblob(3000))"); !ok) error = ok.error();
    }
    fs::remove(path);
    REQUIRE_FALSE(error.empty());
    CHECK(error.starts_with("the disk is full ("));
    CHECK(error.find("database or disk is full") != std::string::npos);
}

TEST_CASE("a file that is not a database is called damaged") {
    const auto path =
        fs::temp_directory_path() / ("mingbai-sqlite-junk-" + std::to_string(::getpid()) + ".db");
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f != nullptr);
        for (int i = 0; i < 4096; ++i) std::fputc('x', f);
        std::fclose(f);
    }
    auto db = base::Database::open(path.string(), base::Database::Mode::read_write_create);
    REQUIRE(db.has_value());  // SQLite opens lazily; the first read finds out
    const auto read = db->exec("SELECT * FROM sqlite_master");
    fs::remove(path);
    REQUIRE_FALSE(read.has_value());
    CHECK(read.error().starts_with("the database file is damaged ("));
}
