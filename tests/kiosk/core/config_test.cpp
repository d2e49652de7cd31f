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
          "printer.a4_queue, printer.profile, printer.roll_length_m, printer.transport, "
          "scanner.camera, "
          "scanner.card_reader, "
          "scanner.devices, scanner.wedge_max_key_gap_ms, scanner.wedge_min_length, "
          "staff.usb_dir, station.hotline, station.name, station.sample, station.staff, "
          "station.welcome, ui.font, "
          "ui.font_index, ui.idle_countdown_seconds, ui.idle_reset_seconds, ui.theme, ui.volume, "
          "update.heartbeat_minutes, update.manifest_url, update.poll_minutes, "
          "update.trusted_keys)");
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
    CHECK(problem("[printer]\na4_queue = \"Office Printer\"\n")
              .find("printer.a4_queue: expected a CUPS queue name") != std::string::npos);
}

TEST_CASE("the A4 queue is CUPS's default unless the file names one") {
    auto c = parse_config("", "kiosk.toml");
    REQUIRE(c);
    CHECK(c->printer.a4_queue.empty());
    c = parse_config("[printer]\na4_queue = \"Office_HP\"\n", "kiosk.toml");
    REQUIRE_MESSAGE(c, (c ? "" : c.error().describe()));
    CHECK(c->printer.a4_queue == "Office_HP");
}

TEST_CASE("staff.usb_dir: /media/usb by default, a folder path from /") {
    CHECK(parse_config("", "kiosk.toml")->staff.usb_dir == "/media/usb");
    CHECK(parse_config("[staff]\nusb_dir = \"/mnt/stick\"\n", "kiosk.toml")->staff.usb_dir ==
          "/mnt/stick");
    CHECK(problem("[staff]\nusb_dir = \"usb\"\n") ==
          "kiosk.toml:2: staff.usb_dir: expected a folder path from /, got \"usb\"");
}

TEST_CASE("ui.volume: 80 by default, a whole percentage from 0 to 100") {
    CHECK(parse_config("", "kiosk.toml")->ui.volume == 80);
    CHECK(parse_config("[ui]\nvolume = 0\n", "kiosk.toml")->ui.volume == 0);
    CHECK(parse_config("[ui]\nvolume = 100\n", "kiosk.toml")->ui.volume == 100);
    CHECK(problem("[ui]\nvolume = 101\n") ==
          "kiosk.toml:2: ui.volume: expected a whole number from 0 to 100, got 101");
    CHECK(problem("[ui]\nvolume = -1\n") ==
          "kiosk.toml:2: ui.volume: expected a whole number from 0 to 100, got -1");
    CHECK(problem("[ui]\nvolume = 50.5\n") ==
          "kiosk.toml:2: ui.volume: expected a whole number from 0 to 100, got 50.5");
    CHECK(problem("[ui]\nvolume = \"loud\"\n") ==
          "kiosk.toml:2: ui.volume: expected a whole number from 0 to 100, got \"loud\"");
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

TEST_CASE("plain http goes only to this machine, decided from the host the URL really names") {
    const auto url = [](const std::string& u) {
        return problem("[county]\nurl = \"" + u + "\"\n");
    };
    // Names that only start like loopback, and a user name that looks like an address.
    for (const char* stranger : {"http://127.example.org", "http://127.0.0.1.nip.io:8080",
                                 "http://127.0.0.1@evil.example", "http://localhost.evil.example",
                                 "http://localhost@evil.example", "http://county.example.cn"}) {
        CAPTURE(stranger);
        CHECK(url(stranger).starts_with("kiosk.toml:2: county.url: expected an https:// address"));
    }
    for (const char* loopback :
         {"http://127.0.0.1:8080", "http://[::1]:8080", "http://localhost:8080", "http://127.3.4.5",
          "https://127.example.org", "https://county.example.cn", ""}) {
        CAPTURE(loopback);
        CHECK(url(loopback) == "accepted");
    }
    CHECK(url("ftp://county.example.cn").starts_with("kiosk.toml:2: county.url: expected"));
    CHECK(url("county.example.cn").starts_with("kiosk.toml:2: county.url: expected"));
}

TEST_CASE("a user name or password in the county URL is refused, and never repeated") {
    const auto p = problem("[county]\nurl = \"https://kiosk:s3cret@county.example.cn\"\n");
    CHECK_MESSAGE(p.starts_with("kiosk.toml:2: county.url: expected no user name or password"), p);
    CHECK(p.find("county.token") != std::string::npos);  // where the secret belongs
    CHECK(p.find("s3cret") == std::string::npos);
    CHECK(p.find("kiosk:") == std::string::npos);
    const auto user_only = problem("[county]\nurl = \"https://kiosk@county.example.cn\"\n");
    CHECK(user_only.starts_with("kiosk.toml:2: county.url: expected no user name or password"));
}

TEST_CASE("a token or kiosk id that would break the HTTP header is refused, the token unrepeated") {
    const auto token = problem("[county]\ntoken = \"abc\\r\\nX-Evil: 1\"\n");
    CHECK_MESSAGE(token.starts_with("kiosk.toml:2: county.token: expected"), token);
    CHECK(token.find("abc") == std::string::npos);
    CHECK(problem("[county]\ntoken = \"tab\\there\"\n").starts_with("kiosk.toml:2: county.token:"));
    CHECK(
        problem("[county]\nkiosk_id = \"k\\n1\"\n").starts_with("kiosk.toml:2: county.kiosk_id:"));
    CHECK(problem("[county]\ntoken = \"county-token-1\"\n") == "accepted");
}

TEST_CASE("a printer spec that cannot name a printer is refused as the kiosk reads the file") {
    const auto spec = [](const std::string& s) {
        return problem("[printer]\ntransport = \"" + s + "\"\n");
    };
    CHECK(spec("tcp:127.0.0.1:99999") ==
          "kiosk.toml:2: printer.transport: expected a port from 1 to 65535, got "
          "\"tcp:127.0.0.1:99999\"");
    CHECK(spec("tcp:127.0.0.1:0").starts_with("kiosk.toml:2: printer.transport: expected a port"));
    CHECK(spec("tcp:printer:http").starts_with("kiosk.toml:2: printer.transport: expected a port"));
    CHECK(spec("tcp:127.0.0.1").starts_with("kiosk.toml:2: printer.transport: expected"));
    CHECK(spec("serial:/dev/ttyUSB0?baud=123")
              .starts_with("kiosk.toml:2: printer.transport: expected baud=9600,"));
    CHECK(spec("serial:/dev/ttyUSB0?speed=9600")
              .starts_with("kiosk.toml:2: printer.transport: expected"));
    for (const char* good :
         {"emulator", "emulator:/tmp/out", "file:/tmp/x.bin", "tcp:192.168.1.50:9100",
          "serial:/dev/ttyUSB0?baud=9600&flow=rtscts", "usb:/dev/usb/lp0"}) {
        CAPTURE(good);
        CHECK(spec(good) == "accepted");
    }
}

TEST_CASE("a folder given as the config file is refused, not read as an empty file") {
    const auto dir = std::filesystem::temp_directory_path();
    auto c = kiosk::core::load_config(dir, true);
    REQUIRE_FALSE(c);
    CHECK(c.error().describe() == dir.string() + ": is a folder, not a file");
}

TEST_CASE("check_config: the files the config names, each problem at its key's line") {
    const std::filesystem::path share = SHARE_DIR;
    const auto font = kiosk::core::Config{}.ui.font;
    auto config = [](const std::string& text) {
        auto c = parse_config(text, "kiosk.toml");
        REQUIRE_MESSAGE(c, (c ? "" : c.error().describe()));
        return *c;
    };
    // The defaults: the font fonts-noto-cjk installs, the shipped theme and profile.
    CHECK(kiosk::core::check_config(config(""), share).empty());

    const auto missing =
        kiosk::core::check_config(config("\n[ui]\nfont = \"/nonexistent/x.ttc\"\n"), share);
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].stops_start);
    CHECK(missing[0].describe().starts_with(
        "kiosk.toml:3: ui.font: expected a font file that can be read, got \"/nonexistent/x.ttc\" "
        "(No such file or directory"));

    const auto folder = kiosk::core::check_config(config("[ui]\nfont = \"/tmp\"\n"), share);
    REQUIRE(folder.size() == 1);
    CHECK(folder[0].describe().starts_with("kiosk.toml:2: ui.font: expected a font file"));

    const auto not_a_font = kiosk::core::check_config(
        config("[ui]\nfont = \"" + std::string(SOURCE_DIR) + "/README.md\"\nfont_index = 0\n"),
        share);
    REQUIRE(not_a_font.size() == 1);
    CHECK(not_a_font[0].describe().starts_with(
        "kiosk.toml:2: ui.font: expected a font file FreeType can read"));

    const auto face = kiosk::core::check_config(config("[ui]\nfont_index = 40\n"), share);
    REQUIRE(face.size() == 1);
    CHECK(face[0].describe() ==
          "kiosk.toml:2: ui.font_index: expected a face of " + font + ", 0 to 9, got 40");

    const auto theme = kiosk::core::check_config(config("[ui]\ntheme = \"nosuch\"\n"), share);
    REQUIRE(theme.size() == 1);
    CHECK(theme[0].stops_start);
    CHECK(theme[0].describe() == "kiosk.toml:2: ui.theme: expected one of the themes in " +
                                     (share / "themes").string() +
                                     " (\"elder\", \"standard\"), got \"nosuch\"");

    // Printing is a part the kiosk starts without: refused, but not a reason to stay down.
    const auto profile =
        kiosk::core::check_config(config("[printer]\nprofile = \"90mm\"\n"), share);
    REQUIRE(profile.size() == 1);
    CHECK_FALSE(profile[0].stops_start);
    CHECK(profile[0].describe() ==
          "kiosk.toml:2: printer.profile: expected one of the printer profiles \"58mm\", "
          "\"80mm\", \"80mm-180dpi\", \"80mm-text\", got \"90mm\" (the kiosk starts without "
          "printing)");

    // Without a file, the defaults are named as the source.
    kiosk::core::Config defaults;
    defaults.ui.font = "/nonexistent/x.ttc";
    const auto built_in = kiosk::core::check_config(defaults, share);
    REQUIRE(built_in.size() == 1);
    CHECK(built_in[0].describe().starts_with("(built-in defaults): ui.font: expected a font file"));
}

TEST_CASE("[update]: a manifest URL as the county's, key files that must be Ed25519 public keys") {
    const std::filesystem::path share = SHARE_DIR;
    auto c = parse_config(
        "[update]\nmanifest_url = \"https://county.example.cn/content/manifest.json\"\n"
        "trusted_keys = [\"/nonexistent/county.pub\"]\npoll_minutes = 30\nheartbeat_minutes = 0\n",
        "kiosk.toml");
    REQUIRE(c);
    CHECK(c->update.poll_minutes == 30);
    CHECK(c->update.heartbeat_minutes == 0);
    // A key that cannot be read: refused by the check, but the kiosk starts (without updates).
    const auto problems = kiosk::core::check_config(*c, share);
    REQUIRE(problems.size() == 1);
    CHECK_FALSE(problems[0].stops_start);
    CHECK(problems[0].describe().starts_with(
        "kiosk.toml:3: update.trusted_keys: expected the county's public key (a PEM file from "
        "`kioskctl keygen`): /nonexistent/county.pub: cannot be opened"));

    const auto no_key = kiosk::core::check_config(
        *parse_config("[update]\nmanifest_url = \"https://c.example.cn/m.json\"\n", "kiosk.toml"),
        share);
    REQUIRE(no_key.size() == 1);
    CHECK(no_key[0].describe().find("without one no content can be taken") != std::string::npos);

    auto plain = parse_config("[update]\nmanifest_url = \"http://county.example.cn/m.json\"\n",
                              "kiosk.toml");
    REQUIRE_FALSE(plain);
    CHECK(plain.error().describe().starts_with("kiosk.toml:2: update.manifest_url: expected"));
    auto often = parse_config("[update]\npoll_minutes = 0\n", "kiosk.toml");
    CHECK_FALSE(often);
}
