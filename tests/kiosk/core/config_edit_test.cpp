// Tests kiosk/core/config_edit: the staff's settings written into the county engineer's file
// with everything else kept, checked as start-up checks, and a full disk leaving the old file.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "kiosk/core/config_edit.hpp"
#include "support/disk_full.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using kiosk::core::apply_settings;
using kiosk::core::SettingsChange;
using kiosk::core::SettingsError;
using kiosk::core::write_settings;

namespace {

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

// The shipped, commented kiosk.toml, as a county engineer would start from it.
std::string shipped_config() {
    return read(fs::path(SOURCE_DIR) / "image" / "kiosk.toml");
}

std::string edited(std::string_view text, const SettingsChange& change) {
    auto out = apply_settings(text, "kiosk.toml", change);
    REQUIRE_MESSAGE(out, (out ? "" : out.error().message));
    return *out;
}

// `text` with its one occurrence of `from` replaced by `to`.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE(
    "a change touches only its values: comments, other keys and blank lines stay as written") {
    test::TempDir dir("settings-keep");
    const auto file = dir.path / "kiosk.toml";
    const std::string before = shipped_config();
    write(file, before);
    REQUIRE(::chmod(file.c_str(), 0640) == 0);

    SettingsChange change;
    change.station_name = "幸福村社会救助服务站";
    change.idle_reset_seconds = 90;
    change.theme = "elder";
    auto config = write_settings(file, change, SHARE_DIR);
    REQUIRE_MESSAGE(config, (config ? "" : config.error().message));
    CHECK(config->station.name == "幸福村社会救助服务站");
    CHECK(config->ui.idle_reset_seconds == 90);
    CHECK(config->ui.theme == "elder");
    CHECK(config->station.hotline == "12345");

    // Byte for byte the old file but for the three values; the trailing comments keep their
    // column (a Chinese character takes two).
    std::string expected = replaced(before, "name = \"示例县示例村社会救助服务站\"   # shown",
                                    "name = \"幸福村社会救助服务站\"         # shown");
    expected = replaced(expected, "idle_reset_seconds = 60             #",
                        "idle_reset_seconds = 90             #");
    expected = replaced(expected, "theme = \"standard\"                  #",
                        "theme = \"elder\"                     #");
    CHECK(read(file) == expected);

    auto again = kiosk::core::load_config(file, true);
    REQUIRE(again);
    CHECK(again->station.name == "幸福村社会救助服务站");
    CHECK(again->ui.idle_reset_seconds == 90);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK_FALSE(fs::exists(file.string() + ".tmp"));
}

TEST_CASE("a value start-up refuses is refused in start-up's words, and the file stays as it was") {
    test::TempDir dir("settings-bad");
    const auto file = dir.path / "kiosk.toml";
    const std::string before = shipped_config();

    struct Case {
        SettingsChange change;
        std::string from, to;  // the same change made by hand, for start-up to read
    };
    std::vector<Case> cases(5);
    cases[0].change.idle_reset_seconds = 3;
    cases[0].from = "idle_reset_seconds = 60 ";
    cases[0].to = "idle_reset_seconds = 3 ";
    cases[1].change.county_url = "ftp://x";
    cases[1].from = "override it\n";  // the file's end, where a new table goes
    cases[1].to = "override it\n\n[county]\nurl = \"ftp://x\"\n";
    cases[2].change.theme = "nosuch";
    cases[2].from = "theme = \"standard\"";
    cases[2].to = "theme = \"nosuch\"";
    cases[3].change.volume = 101;
    cases[3].from = "volume = 80 ";
    cases[3].to = "volume = 101 ";
    cases[4].change.hotline = "call 12345";
    cases[4].from = "hotline = \"12345\"";
    cases[4].to = "hotline = \"call 12345\"";

    for (const auto& c : cases) {
        CAPTURE(c.to);
        write(file, before);
        auto refused = write_settings(file, c.change, SHARE_DIR);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().kind == SettingsError::Kind::refused);
        CHECK(read(file) == before);
        CHECK_FALSE(fs::exists(file.string() + ".tmp"));

        // What the kiosk says starting with that value, read by load_config and check_config.
        write(file, replaced(before, c.from, c.to));
        std::string startup;
        if (auto loaded = kiosk::core::load_config(file, true); !loaded) {
            startup = loaded.error().describe();
        } else {
            const auto problems = kiosk::core::check_config(*loaded, SHARE_DIR);
            REQUIRE(problems.size() == 1);
            startup = problems[0].describe();
        }
        CHECK(refused.error().message == startup);
        CHECK(startup.starts_with(file.string() + ":"));
    }
}

TEST_CASE("quotes, a backslash, a line break and Chinese are written so they read back the same") {
    test::TempDir dir("settings-escape");
    const auto file = dir.path / "kiosk.toml";
    write(file, "[station]\nname = \"x\"\n");
    SettingsChange change;
    change.station_name = "幸福村 \"一站式\" \\ 服务站\n第二行\t# 不是注释";
    auto config = write_settings(file, change, SHARE_DIR);
    REQUIRE_MESSAGE(config, (config ? "" : config.error().message));
    CHECK(config->station.name == *change.station_name);
    CHECK(read(file).find('\t') == std::string::npos);  // escaped, on one line
    auto again = kiosk::core::load_config(file, true);
    REQUIRE(again);
    CHECK(again->station.name == *change.station_name);
}

TEST_CASE("a missing key goes to the end of its table, a missing table to the end of the file") {
    SettingsChange change;
    change.hotline = "0535-1234567";
    change.volume = 60;
    change.county_url = "https://county.example.cn";
    const std::string before =
        "# kiosk of 幸福村\n[station]\nname = \"幸福村\"  # the sign says so\n\n# the rest\n"
        "[log]\nlevel = \"info\"\n";
    CHECK(edited(before, change) ==
          "# kiosk of 幸福村\n[station]\nname = \"幸福村\"  # the sign says so\n"
          "hotline = \"0535-1234567\"\n\n# the rest\n[log]\nlevel = \"info\"\n"
          "\n[county]\nurl = \"https://county.example.cn\"\n\n[ui]\nvolume = 60\n");
    // An empty table takes the key under its header; a file without a last line break gets one.
    CHECK(edited("[ui]\n[log]\nlevel = \"info\"", change) ==
          "[ui]\nvolume = 60\n[log]\nlevel = \"info\"\n\n[station]\nhotline = \"0535-1234567\"\n"
          "\n[county]\nurl = \"https://county.example.cn\"\n");
    CHECK(edited("[ui]\ntheme = \"elder\"", change)
              .starts_with("[ui]\ntheme = \"elder\"\nvolume = 60\n\n[station]\n"));
}

TEST_CASE("no config file yet: one is made with just the change") {
    test::TempDir dir("settings-new");
    const auto file = dir.path / "kiosk.toml";
    SettingsChange change;
    change.station_name = "幸福村社会救助服务站";
    change.volume = 70;
    auto config = write_settings(file, change, SHARE_DIR);
    REQUIRE_MESSAGE(config, (config ? "" : config.error().message));
    CHECK(read(file) == "[station]\nname = \"幸福村社会救助服务站\"\n\n[ui]\nvolume = 70\n");
    CHECK(config->ui.volume == 70);
    CHECK(config->ui.idle_reset_seconds == 60);  // the rest: defaults
    CHECK(config->source == file);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);  // it may come to hold the county's token
}

TEST_CASE("the file as written: a multi-line string, inline tables, dotted keys, CRLF lines") {
    SettingsChange change;
    change.station_name = "幸福村";
    change.volume = 40;
    CHECK(edited("[station]\nname = \"\"\"示例\n村\"\"\"   # two lines\nhotline = \"1\"\n", change)
              .starts_with("[station]\nname = \"幸福村\"   # two lines\nhotline = \"1\"\n"));
    CHECK(edited("station = { name = 'x', hotline = \"1\" }\nui = {}\n", change) ==
          "station = { name = \"幸福村\", hotline = \"1\" }\nui = { volume = 40 }\n");
    CHECK(edited("station = {hotline = \"1\"}\nui = { theme = \"elder\" }\n", change) ==
          "station = {hotline = \"1\", name = \"幸福村\"}\nui = { theme = \"elder\", volume = 40 "
          "}\n");
    CHECK(edited("station.name = \"x\" # here\nui.theme = \"elder\"\n\n[log]\nlevel = \"info\"\n",
                 change) ==
          "station.name = \"幸福村\" # here\nui.theme = \"elder\"\n"
          "ui.volume = 40\n\n[log]\nlevel = \"info\"\n");
    CHECK(edited("[station]\r\nname = \"x\"\r\n", change) ==
          "[station]\r\nname = \"幸福村\"\r\n\r\n[ui]\r\nvolume = 40\r\n");
    // A "#" inside a value is no comment.
    CHECK(edited("[ui]\ntheme = \"a#b\"  # c\n", change) ==
          "[ui]\ntheme = \"a#b\"  # c\nvolume = 40\n\n[station]\nname = \"幸福村\"\n");
}

TEST_CASE("a file that is not TOML is refused in start-up's words, and left as it is") {
    test::TempDir dir("settings-broken");
    const auto file = dir.path / "kiosk.toml";
    const std::string before = "[station\nname = \"x\"\n";
    write(file, before);
    SettingsChange change;
    change.volume = 50;
    auto refused = write_settings(file, change, SHARE_DIR);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == kiosk::core::load_config(file, true).error().describe());
    CHECK(read(file) == before);

    auto folder = write_settings(dir.path, change, SHARE_DIR);
    REQUIRE_FALSE(folder);
    CHECK(folder.error().message == dir.path.string() + ": is a folder, not a file");
}

TEST_CASE("a full disk: said plainly, and the old file stays whole") {
    test::TempDir dir("settings-full");
    const auto file = dir.path / "kiosk.toml";
    const std::string before = shipped_config();
    write(file, before);
    SettingsChange change;
    change.station_name = std::string(300, 'x');
    {
        test::DiskFull full(before.size());  // the new file is larger than any may grow
        auto failed = write_settings(file, change, SHARE_DIR);
        REQUIRE_FALSE(failed);
        CHECK(failed.error().kind == SettingsError::Kind::storage);
        CHECK(failed.error().message == file.string() + " could not be written: the disk is full");
    }
    CHECK(read(file) == before);
    CHECK_FALSE(fs::exists(file.string() + ".tmp"));
}

TEST_CASE("two changes at once, from two threads, both land") {
    test::TempDir dir("settings-race");
    const auto file = dir.path / "kiosk.toml";
    write(file, shipped_config());
    auto keep_setting = [&](bool volume) {
        for (int i = 0; i < 10; ++i) {
            SettingsChange change;
            if (volume) {
                change.volume = 50 + i;
            } else {
                change.idle_reset_seconds = 100 + i;
            }
            auto ok = write_settings(file, change, SHARE_DIR);
            CHECK(ok);
        }
    };
    std::thread a(keep_setting, true);
    std::thread b(keep_setting, false);
    a.join();
    b.join();
    auto config = kiosk::core::load_config(file, true);
    REQUIRE(config);
    CHECK(config->ui.volume == 59);
    CHECK(config->ui.idle_reset_seconds == 109);
}

TEST_CASE("kioskctl's keys: each settable key by its name, the others refused with the list") {
    SettingsChange change;
    CHECK(kiosk::core::set_setting(change, "station.name", "幸福村"));
    CHECK(kiosk::core::set_setting(change, "ui.volume", "75"));
    CHECK(change.station_name == "幸福村");
    CHECK(change.volume == 75);
    kiosk::core::Config config;
    config.station.name = "幸福村 \"一站式\"";
    CHECK(kiosk::core::setting_value(config, "station.name") == "\"幸福村 \\\"一站式\\\"\"");
    CHECK(kiosk::core::setting_value(config, "ui.volume") == "80");
    CHECK(kiosk::core::set_setting(change, "ui.volume", "loud").error() ==
          "ui.volume: expected a whole number, got \"loud\"");
    CHECK(kiosk::core::set_setting(change, "county.token", "x").error() ==
          "\"county.token\" cannot be set: expected one of station.name, station.hotline, "
          "county.url, ui.idle_reset_seconds, ui.theme, ui.volume");
}

TEST_CASE("changed_keys names what a change sets, in the settable keys' order") {
    SettingsChange change;
    CHECK(kiosk::core::changed_keys(change).empty());
    change.volume = 90;
    change.station_name = "东山村服务站";
    CHECK(kiosk::core::changed_keys(change) ==
          std::vector<std::string>{"station.name", "ui.volume"});
}
