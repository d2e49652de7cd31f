// The kiosk's configuration: defaults, then the TOML file, then environment, then flags.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/strict_toml.hpp"
#include "net/http_client.hpp"

namespace kiosk::core {

inline constexpr const char* kDefaultConfigPath = "/etc/mingbai/kiosk.toml";
inline constexpr const char* kDefaultDataDir = "/var/lib/mingbai";

struct Config {
    struct Station {
        std::string name = "示例县示例村社会救助服务站";
        std::string hotline = "12345";
        std::string welcome = "有困难，来问问。看得懂，办得成。";
        bool sample = true;  // the default content describes a sample county, and says so
        std::string staff;   // 帮办代办员 on duty, for the ledger
    } station;

    struct County {
        std::string url;    // "https://…" (http://127.0.0.1… for the reference server)
        std::string token;  // this kiosk's token, from the county
        std::string kiosk_id = "kiosk-001";
    } county;

    // Content updates (README, "Content updates") and the heartbeat to the county.
    struct Update {
        // The county's signed manifest, polled with If-None-Match; "" = no polling (a USB stick
        // and `kioskctl update apply` still work).
        std::string manifest_url;
        // The county's public keys (PEM files). Two at once while a county rotates its key.
        std::vector<std::string> trusted_keys;
        int poll_minutes = 15;       // plus up to a quarter of it at random, so kiosks spread
        int heartbeat_minutes = 15;  // to the county's /api/v1/heartbeat; 0 = none
    } update;

    struct Display {
        int width = 720;
        int height = 1280;
        bool fullscreen = false;
        std::string renderer = "auto";  // "auto": accelerated where available; "software"
    } display;

    struct Ui {
        std::string theme = "standard";
        std::string font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        int font_index = 2;               // Noto Sans CJK SC inside the collection
        int idle_reset_seconds = 60;      // untouched this long: a countdown starts
        int idle_countdown_seconds = 20;  // then the session is wiped
        int volume = 80;                  // percent, for the pages read aloud (0: silent)
    } ui;

    struct Printer {
        // "emulator" (the built-in stand-in, PNGs into <data>/printed), "file:PATH",
        // "tcp:HOST:PORT", "serial:DEVICE?baud=N", "usb:/dev/usb/lpN"
        std::string transport = "emulator";
        std::string profile = "80mm";
        double roll_length_m = 50;
        // The office printer's CUPS queue for the A4 明白纸 (kioskctl print-a4); "" = CUPS's
        // default queue.
        std::string a4_queue;
    } printer;

    struct Scanner {
        // Keyboard-wedge scanners typing among the keys: a burst this fast, ended by Enter, is a
        // scan.
        int wedge_max_key_gap_ms = 35;
        int wedge_min_length = 4;
        // Scanners on devices of their own: "serial:/dev/ttyACM0" (HID-POS, sends Chinese too),
        // "evdev:/dev/input/by-id/...-event-kbd" (a wedge scanner grabbed from the keyboard).
        std::vector<std::string> devices;
        std::string camera;  // "/dev/video0", "files:DIR" (frames from a folder), or "" for none
        std::string card_reader;  // the ID card reader's serial device, or "" for none
    } scanner;

    struct Log {
        std::string level = "info";
    } log;

    struct Staff {
        // Where a USB stick is mounted (the firmware's automount puts it there): staff load
        // signed content from it and export the ledger to it.
        std::string usb_dir = "/media/usb";
    } staff;

    std::filesystem::path data_dir = kDefaultDataDir;
    std::filesystem::path source;  // the file it came from; empty for built-in defaults
    // The line each key stood on in that file, for what check_config finds after reading.
    std::map<std::string, int, std::less<>> lines;
};

struct ConfigError {
    base::TomlError detail;
    // false: the kiosk starts all the same, without the part the problem names (printing).
    bool stops_start = true;
    std::string describe() const { return detail.describe(); }
};

// Parses config text; keys not present keep their defaults.
std::expected<Config, ConfigError> parse_config(std::string_view toml_text, std::string file);

// Loads `path`. When `required` is false and the file does not exist, the defaults are used.
std::expected<Config, ConfigError> load_config(const std::filesystem::path& path, bool required);

// What start-up needs beyond the file's own values: the font file with its face, the theme's file
// among the shipped ones (`share_dir`/themes), the printer profile among the shipped ones
// (`share_dir`/printer-profiles). The kiosk calls it at start and `kioskctl config check` calls
// it, so the check refuses exactly what start-up refuses, in the same words; it also refuses a
// profile the kiosk would start without (stops_start false). Empty when all is well.
std::vector<ConfigError> check_config(const Config& config, const std::filesystem::path& share_dir);

// Where the config file is: the flag, else MINGBAI_CONFIG, else /etc/mingbai/kiosk.toml.
struct ConfigLocation {
    std::filesystem::path path;
    bool required;  // named explicitly, so a missing file is an error
};
ConfigLocation locate_config(const std::string& flag_value);

// How this kiosk reaches its county's API ([county] url, token, kiosk_id): for requests, the
// benefit status and the heartbeat alike.
net::HttpClientOptions county_http_options(const Config& config);

// Applies MINGBAI_DATA_DIR and then the --data-dir flag (when not empty) over the file's value.
void apply_data_dir_overrides(Config& config, const std::string& flag_value);

}  // namespace kiosk::core
