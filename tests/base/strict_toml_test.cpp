// Tests base/strict_toml: every problem names the file, the line, the key and what is expected.
#include <doctest/doctest.h>

#include <filesystem>

#include "base/strict_toml.hpp"

using base::StrictToml;

TEST_CASE("known keys are read, absent keys keep their values") {
    auto doc = StrictToml::parse("[a]\nx = 5\nname = \"站\"\n", "t.toml");
    REQUIRE(doc);
    int x = 1, y = 2;
    std::string name;
    doc->read("a.x", x, 0, 10);
    doc->read("a.y", y, 0, 10);
    doc->read("a.name", name);
    CHECK_FALSE(doc->finish());
    CHECK(x == 5);
    CHECK(y == 2);
    CHECK(name == "站");
}

TEST_CASE("an unknown key is named with its line") {
    auto doc = StrictToml::parse("[a]\nx = 5\n\nxx = 6\n", "t.toml");
    REQUIRE(doc);
    int x = 0;
    doc->read("a.x", x, 0, 10);
    const auto err = doc->finish();
    REQUIRE(err);
    CHECK(err->key == "a.xx");
    CHECK(err->line == 4);
    CHECK(err->describe().find("t.toml:4: a.xx: unknown key") == 0);
}

TEST_CASE("a value of the wrong kind or out of range says what was expected and what was got") {
    auto doc = StrictToml::parse("x = \"five\"\ny = 99\n", "t.toml");
    REQUIRE(doc);
    int x = 0, y = 0;
    doc->read("x", x, 0, 10);
    doc->read("y", y, 0, 10);
    const auto err = doc->finish();
    REQUIRE(err);
    CHECK(err->key == "x");  // the first problem wins
    CHECK(err->message == "expected a whole number from 0 to 10, got \"five\"");
}

TEST_CASE("broken TOML syntax is reported with its line") {
    auto doc = StrictToml::parse("a = 1\nb = [1, 2\n", "t.toml");
    REQUIRE_FALSE(doc);
    CHECK(doc.error().file == "t.toml");
    CHECK(doc.error().line >= 2);
    CHECK(doc.error().message.find("not valid TOML") == 0);
}

TEST_CASE("a folder or a missing file cannot be loaded, and neither reads as empty") {
    const auto dir = std::filesystem::temp_directory_path();
    const auto folder = base::StrictToml::load(dir);
    REQUIRE_FALSE(folder);
    CHECK(folder.error().describe() == dir.string() + ": is a folder, not a file");
    const auto missing = base::StrictToml::load(dir / "no-such-file-here.toml");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "cannot be read");
}
