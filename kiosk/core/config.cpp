// Reads kiosk.toml strictly: an unknown key or a bad value names the file, the key and what is
// expected, and start-up stops there.
#include "kiosk/core/config.hpp"

#include <cstdlib>
#include <system_error>

namespace kiosk::core {
namespace {

std::optional<std::string> check_size(std::string_view value, std::string_view what) {
    if (value.empty()) return "expected " + std::string(what) + ", not empty text";
    return std::nullopt;
}

std::expected<Config, ConfigError> read_config(base::StrictToml& doc) {
    Config c;
    doc.read_checked("station.name", c.station.name,
                     [](std::string_view v) { return check_size(v, "the station's name"); });
    doc.read_checked("station.hotline", c.station.hotline,
                     [](std::string_view v) -> std::optional<std::string> {
                         for (const char ch : v) {
                             if (!(ch >= '0' && ch <= '9') && ch != '-' && ch != ' ') {
                                 return "expected a phone number of digits and dashes";
                             }
                         }
                         return check_size(v, "a phone number");
                     });
    doc.read("station.welcome", c.station.welcome);
    doc.read("station.sample", c.station.sample);
    doc.read("station.staff", c.station.staff);
    doc.read_checked("county.url", c.county.url,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty() || v.starts_with("https://") ||
                             v.starts_with("http://127.") || v.starts_with("http://localhost")) {
                             return std::nullopt;
                         }
                         return "expected an https:// address (plain http only to this machine, "
                                "for the reference server)";
                     });
    doc.read("county.token", c.county.token);
    doc.read_checked("county.kiosk_id", c.county.kiosk_id,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty() || v.size() > 64)
                             return "expected this kiosk's id, 1 to 64 characters";
                         return std::nullopt;
                     });

    doc.read("display.width", c.display.width, 240, 7680);
    doc.read("display.height", c.display.height, 240, 7680);
    doc.read("display.fullscreen", c.display.fullscreen);
    doc.read_choice("display.renderer", c.display.renderer, {"auto", "software"});

    doc.read_checked("ui.theme", c.ui.theme, [](std::string_view v) -> std::optional<std::string> {
        // A theme is named by its file stem under themes/, never by a path.
        if (v.empty() || v.find_first_of("/\\.") != std::string_view::npos) {
            return "expected a theme name such as \"standard\" or \"elder\"";
        }
        return std::nullopt;
    });
    doc.read_checked("ui.font", c.ui.font,
                     [](std::string_view v) { return check_size(v, "the path of a font file"); });
    doc.read("ui.font_index", c.ui.font_index, 0, 63);
    doc.read("ui.idle_reset_seconds", c.ui.idle_reset_seconds, 10, 3600);
    doc.read("ui.idle_countdown_seconds", c.ui.idle_countdown_seconds, 0, 120);

    doc.read_checked(
        "printer.transport", c.printer.transport,
        [](std::string_view v) -> std::optional<std::string> {
            for (const char* prefix : {"file:", "tcp:", "serial:", "usb:", "emulator:"}) {
                if (v.starts_with(prefix) && v.size() > std::string_view(prefix).size())
                    return std::nullopt;
            }
            if (v == "emulator") return std::nullopt;
            return "expected \"emulator\", file:PATH, tcp:HOST:PORT, serial:DEVICE?baud=N or "
                   "usb:DEVICE";
        });
    doc.read_checked("printer.profile", c.printer.profile,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty() || v.find_first_of("/\\.") != std::string_view::npos) {
                             return "expected a profile name such as \"80mm\", \"58mm\", "
                                    "\"80mm-180dpi\" or \"80mm-text\"";
                         }
                         return std::nullopt;
                     });
    doc.read("printer.roll_length_m", c.printer.roll_length_m, 1.0, 500.0);

    doc.read("scanner.wedge_max_key_gap_ms", c.scanner.wedge_max_key_gap_ms, 5, 200);
    doc.read("scanner.wedge_min_length", c.scanner.wedge_min_length, 2, 64);
    doc.read("scanner.devices", c.scanner.devices);
    for (std::size_t i = 0; i < c.scanner.devices.size(); ++i) {
        const auto& d = c.scanner.devices[i];
        if (!((d.starts_with("serial:/") || d.starts_with("evdev:/")))) {
            doc.reject("scanner.devices",
                       "entry " + std::to_string(i + 1) + " \"" + d +
                           "\": expected serial:/dev/... or evdev:/dev/input/...");
        }
    }
    doc.read_checked("scanner.camera", c.scanner.camera,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty() || v.starts_with("/dev/") || v.starts_with("files:"))
                             return std::nullopt;
                         return "expected a camera device such as \"/dev/video0\", \"files:DIR\", "
                                "or \"\" for none";
                     });
    doc.read_checked("scanner.card_reader", c.scanner.card_reader,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty() || v.starts_with("/dev/")) return std::nullopt;
                         return "expected the card reader's serial device such as "
                                "\"/dev/ttyUSB0\", or \"\" for none";
                     });

    doc.read_choice("log.level", c.log.level, {"debug", "info", "warn", "error"});

    std::string data_dir = c.data_dir.string();
    doc.read_checked("paths.data_dir", data_dir,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty()) return "expected a folder path";
                         return std::nullopt;
                     });
    c.data_dir = data_dir;

    if (auto err = doc.finish()) return std::unexpected(ConfigError{*err});
    c.source = doc.file();
    return c;
}

}  // namespace

std::expected<Config, ConfigError> parse_config(std::string_view toml_text, std::string file) {
    auto doc = base::StrictToml::parse(toml_text, std::move(file));
    if (!doc) return std::unexpected(ConfigError{doc.error()});
    return read_config(*doc);
}

std::expected<Config, ConfigError> load_config(const std::filesystem::path& path, bool required) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        if (!required) return Config{};
        return std::unexpected(ConfigError{{path.string(), 0, "", "no such file"}});
    }
    auto doc = base::StrictToml::load(path);
    if (!doc) return std::unexpected(ConfigError{doc.error()});
    return read_config(*doc);
}

ConfigLocation locate_config(const std::string& flag_value) {
    if (!flag_value.empty()) return {flag_value, true};
    if (const char* env = std::getenv("MINGBAI_CONFIG"); env && *env) return {env, true};
    return {kDefaultConfigPath, false};
}

void apply_data_dir_overrides(Config& config, const std::string& flag_value) {
    if (const char* env = std::getenv("MINGBAI_DATA_DIR"); env && *env) config.data_dir = env;
    if (!flag_value.empty()) config.data_dir = flag_value;
}

}  // namespace kiosk::core
