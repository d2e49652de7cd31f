// Tests kiosk/core/config: good files, each kind of bad value, and where the config comes from.
#include <doctest/doctest.h>

#include <cstdlib>

#include "kiosk/core/config.hpp"

using kiosk::core::parse_config;

namespace {

std::string problem(std::string_view text) {
    auto c = parse_config(text, "kiosk.toml");
    return c ? std::string("accepted") : c.error().describe();
}

}  // namespace

TEST_CASE("an empty file gives the defaults") {
    auto c = parse_config("", "kiosk.toml");
    REQUIRE(c);
    CHECK(c->display.width == 720);
    CHECK(c->display.height == 1280);
    CHECK(c->ui.theme == "standard");
    CHECK(c->data_dir == "/var/lib/mingbai");
    CHECK(c->station.sample);
}

TEST_CASE("a complete file is read") {
    auto c = parse_config(R"(
[station]
name = "幸福村社会救助服务站"
hotline = "0535-1234567"
welcome = "欢迎"
sample = false
[display]
width = 1280
height = 720
fullscreen = true
renderer = "software"
[ui]
theme = "elder"
font = "/fonts/x.ttc"
font_index = 0
idle_reset_seconds = 90
[log]
level = "debug"
[paths]
data_dir = "/data/mingbai"
)",
                          "kiosk.toml");
    REQUIRE_MESSAGE(c, (c ? "" : c.error().describe()));
    CHECK(c->station.name == "幸福村社会救助服务站");
    CHECK(c->station.hotline == "0535-1234567");
    CHECK_FALSE(c->station.sample);
    CHECK(c->display.width == 1280);
    CHECK(c->display.fullscreen);
    CHECK(c->display.renderer == "software");
    CHECK(c->ui.theme == "elder");
    CHECK(c->ui.idle_reset_seconds == 90);
    CHECK(c->log.level == "debug");
    CHECK(c->data_dir == "/data/mingbai");
}

TEST_CASE("each kind of bad config names the file, the line, the key and what is expected") {
    CHECK(problem("[display]\nwidht = 720\n") ==
          "kiosk.toml:2: display.widht: unknown key (known keys: county.kiosk_id, county.token, "
          "county.url, display.fullscreen, "
          "display.height, display.renderer, display.width, log.level, paths.data_dir, "
          "printer.profile, printer.roll_length_m, printer.transport, scanner.camera, "
          "scanner.card_reader, "
          "scanner.devices, scanner.wedge_max_key_gap_ms, scanner.wedge_min_length, "
          "station.hotline, station.name, station.sample, station.staff, station.welcome, ui.font, "
          "ui.font_index, ui.idle_countdown_seconds, ui.idle_reset_seconds, ui.theme)");
    CHECK(problem("[display]\nwidth = -5\n") ==
          "kiosk.toml:2: display.width: expected a whole number from 240 to 7680, got -5");
    CHECK(problem("[display]\nwidth = \"720\"\n") ==
          "kiosk.toml:2: display.width: expected a whole number from 240 to 7680, got \"720\"");
    CHECK(problem("[display]\nfullscreen = \"yes\"\n") ==
          "kiosk.toml:2: display.fullscreen: expected true or false, got \"yes\"");
    CHECK(problem("[display]\nrenderer = \"opengl\"\n") ==
          "kiosk.toml:2: display.renderer: expected one of \"auto\" \"software\", got \"opengl\"");
    CHECK(problem("[ui]\ntheme = \"../../etc/passwd\"\n").find("ui.theme: expected a theme name") !=
          std::string::npos);
    CHECK(problem("[station]\nhotline = \"call us\"\n").find("station.hotline: expected a phone") !=
          std::string::npos);
    CHECK(problem("[station]\nname = \"\"\n").find("station.name: expected the station's name") !=
          std::string::npos);
    CHECK(problem("[ui]\nidle_reset_seconds = 1\n").find("ui.idle_reset_seconds") !=
          std::string::npos);
    CHECK(problem("[log]\nlevel = \"loud\"\n").find("log.level: expected one of") !=
          std::string::npos);
    CHECK(problem("station = 5\n").find("station: unknown key") != std::string::npos);
    CHECK(problem("[printer]\ntransport = \"lpt1\"\n")
              .find("printer.transport: expected \"emulator\"") != std::string::npos);
    CHECK(problem("[scanner]\ndevices = [\"/dev/ttyACM0\"]\n").find("scanner.devices: entry 1") !=
          std::string::npos);
    CHECK(problem("[scanner]\ncamera = \"webcam\"\n").find("scanner.camera: expected a camera") !=
          std::string::npos);
    CHECK(problem("[printer]\nprofile = \"../x\"\n")
              .find("printer.profile: expected a profile name") != std::string::npos);
    CHECK(problem("[display\nwidth = 1\n").find("kiosk.toml:1: not valid TOML") == 0);
}

TEST_CASE("a missing file: defaults when it is the system default, an error when named") {
    auto optional = kiosk::core::load_config("/nonexistent/kiosk.toml", false);
    REQUIRE(optional);
    CHECK(optional->source.empty());
    auto required = kiosk::core::load_config("/nonexistent/kiosk.toml", true);
    REQUIRE_FALSE(required);
    CHECK(required.error().describe() == "/nonexistent/kiosk.toml: no such file");
}

TEST_CASE("the config file comes from the flag, else MINGBAI_CONFIG, else /etc") {
    ::unsetenv("MINGBAI_CONFIG");
    CHECK(kiosk::core::locate_config("").path == "/etc/mingbai/kiosk.toml");
    CHECK_FALSE(kiosk::core::locate_config("").required);
    ::setenv("MINGBAI_CONFIG", "/tmp/env.toml", 1);
    CHECK(kiosk::core::locate_config("").path == "/tmp/env.toml");
    CHECK(kiosk::core::locate_config("/tmp/flag.toml").path == "/tmp/flag.toml");
    CHECK(kiosk::core::locate_config("/tmp/flag.toml").required);
    ::unsetenv("MINGBAI_CONFIG");
}

TEST_CASE("the data folder: the file's value, then MINGBAI_DATA_DIR, then --data-dir") {
    kiosk::core::Config c;
    c.data_dir = "/from/file";
    ::unsetenv("MINGBAI_DATA_DIR");
    kiosk::core::apply_data_dir_overrides(c, "");
    CHECK(c.data_dir == "/from/file");
    ::setenv("MINGBAI_DATA_DIR", "/from/env", 1);
    kiosk::core::apply_data_dir_overrides(c, "");
    CHECK(c.data_dir == "/from/env");
    kiosk::core::apply_data_dir_overrides(c, "/from/flag");
    CHECK(c.data_dir == "/from/flag");
    ::unsetenv("MINGBAI_DATA_DIR");
}
