// Reads kiosk.toml strictly: an unknown key or a bad value names the file, the key and what is
// expected, and start-up stops there.
#include "kiosk/core/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "base/ed25519.hpp"
#include "base/posix_error.hpp"
#include "net/county_url.hpp"
#include "printer/font_face.hpp"
#include "printer/profile.hpp"
#include "printer/transport.hpp"
#include "themes/theme.hpp"

namespace kiosk::core {
namespace {

using net::has_control_character;

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
    // The address is judged as libcurl will read it, and shown only without its user info: a
    // password in it must not reach the terminal or the journal through this message.
    doc.read("county.url", c.county.url);
    if (!c.county.url.empty()) {
        if (auto ok = net::check_county_url(c.county.url); !ok) {
            doc.reject("county.url",
                       ok.error().expected + ", got \"" + net::redact_url(c.county.url) + "\"");
        }
    }
    // Both go into HTTP headers, where a line break would end one and start another. The token
    // is a secret: the message never repeats it.
    doc.read("county.token", c.county.token);
    if (has_control_character(c.county.token)) {
        doc.reject("county.token",
                   "expected the token on one line, without control characters (it is sent in "
                   "an HTTP header)");
    }
    doc.read_checked("county.kiosk_id", c.county.kiosk_id,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty() || v.size() > 64 || has_control_character(v))
                             return "expected this kiosk's id, 1 to 64 characters on one line";
                         return std::nullopt;
                     });

    doc.read("update.manifest_url", c.update.manifest_url);
    if (!c.update.manifest_url.empty()) {
        if (auto ok = net::check_county_url(c.update.manifest_url); !ok) {
            doc.reject("update.manifest_url", ok.error().expected + ", got \"" +
                                                  net::redact_url(c.update.manifest_url) + "\"");
        }
    }
    doc.read("update.trusted_keys", c.update.trusted_keys);
    if (c.update.trusted_keys.size() > 4) {
        doc.reject("update.trusted_keys",
                   "expected at most 4 key files (two while a county rotates its key)");
    }
    doc.read("update.poll_minutes", c.update.poll_minutes, 1, 24 * 60);
    doc.read("update.heartbeat_minutes", c.update.heartbeat_minutes, 0, 24 * 60);

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
    doc.read("ui.volume", c.ui.volume, 0, 100);

    doc.read_checked("printer.transport", c.printer.transport,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (auto ok = printer::check_spec(v); !ok) return ok.error();
                         return std::nullopt;
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
    doc.read_checked("printer.a4_queue", c.printer.a4_queue,
                     [](std::string_view v) -> std::optional<std::string> {
                         // CUPS's own rule for a queue name.
                         if (v.size() > 127 || has_control_character(v) ||
                             v.find_first_of(" /#") != std::string_view::npos) {
                             return "expected a CUPS queue name (no space, '/' or '#'), or \"\" "
                                    "for CUPS's default queue";
                         }
                         return std::nullopt;
                     });

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
    doc.read_checked("staff.usb_dir", c.staff.usb_dir,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (!v.starts_with("/")) return "expected a folder path from /";
                         return std::nullopt;
                     });

    std::string data_dir = c.data_dir.string();
    doc.read_checked("paths.data_dir", data_dir,
                     [](std::string_view v) -> std::optional<std::string> {
                         if (v.empty()) return "expected a folder path";
                         return std::nullopt;
                     });
    c.data_dir = data_dir;

    if (auto err = doc.finish()) return std::unexpected(ConfigError{*err});
    c.source = doc.file();
    for (const char* key : {"ui.font", "ui.font_index", "ui.theme", "printer.profile",
                            "update.trusted_keys", "update.manifest_url"}) {
        if (const int line = doc.line_of(key); line > 0) c.lines.emplace(key, line);
    }
    return c;
}

// The names of the shipped files of one kind (themes, printer profiles), for messages.
std::string names_in(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out.empty() ? "none found" : out;
}

std::optional<std::string> font_problem(const Config& c, std::string& key) {
    key = "ui.font";
    const std::string expected = "expected a font file that can be read, got \"" + c.ui.font + "\"";
    const int fd = ::open(c.ui.font.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return expected + " (" + base::errno_text(errno) +
               "; install fonts-noto-cjk, or name another font file)";
    }
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
    ::close(fd);
    if (!regular) return expected + " (not a file with something in it)";
    // Only the format and the number of faces: opening the face itself would cost start-up
    // 10 to 25 ms before the first frame, and the atlas and the printer open it anyway.
    const auto faces = printer::FontFace::count_faces(c.ui.font);
    if (!faces) return "expected a font file FreeType can read, got \"" + c.ui.font + "\"";
    if (c.ui.font_index >= *faces) {
        key = "ui.font_index";
        return "expected a face of " + c.ui.font + ", 0 to " + std::to_string(*faces - 1) +
               ", got " + std::to_string(c.ui.font_index);
    }
    return std::nullopt;
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

std::vector<ConfigError> check_config(const Config& c, const std::filesystem::path& share_dir) {
    std::vector<ConfigError> problems;
    const std::string file = c.source.empty() ? "(built-in defaults)" : c.source.string();
    auto add = [&](const std::string& key, std::string message, bool stops_start = true) {
        const auto line = c.lines.find(key);
        problems.push_back(
            ConfigError{{file, line == c.lines.end() ? 0 : line->second, key, std::move(message)},
                        stops_start});
    };

    std::string font_key;
    if (auto problem = font_problem(c, font_key)) add(font_key, std::move(*problem));

    const auto themes_dir = share_dir / "themes";
    const auto theme_file = themes_dir / (c.ui.theme + ".toml");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(theme_file, ec)) {
        add("ui.theme", "expected one of the themes in " + themes_dir.string() + " (" +
                            names_in(themes_dir) + "), got \"" + c.ui.theme + "\"");
    } else if (auto theme = themes::load_theme(theme_file); !theme) {
        add("ui.theme", "theme \"" + c.ui.theme + "\" cannot be used: " + theme.error().describe());
    }

    // Printing is a part the kiosk runs without (no print buttons), so this one does not stop
    // start-up; the check refuses it all the same.
    const auto profiles_dir = share_dir / "printer-profiles";
    const std::string without = " (the kiosk starts without printing)";
    if (!std::filesystem::is_regular_file(profiles_dir / (c.printer.profile + ".toml"), ec)) {
        add("printer.profile",
            "expected one of the printer profiles " + names_in(profiles_dir) + ", got \"" +
                c.printer.profile + "\"" + without,
            false);
    } else if (auto profile = printer::find_profile(profiles_dir, c.printer.profile); !profile) {
        add("printer.profile",
            "profile \"" + c.printer.profile + "\" cannot be used: " + profile.error() + without,
            false);
    }
    // Updates are a part the kiosk runs without too: the content it has stays.
    for (const auto& key_file : c.update.trusted_keys) {
        if (auto key = base::ed25519::load_public_key(key_file); !key) {
            add("update.trusted_keys",
                "expected the county's public key (a PEM file from `kioskctl keygen`): " +
                    key.error() + " (the kiosk starts without content updates)",
                false);
        }
    }
    if (!c.update.manifest_url.empty() && c.update.trusted_keys.empty()) {
        add("update.trusted_keys",
            "expected the county's public key beside update.manifest_url: without one no content "
            "can be taken (the kiosk starts without content updates)",
            false);
    }
    return problems;
}

ConfigLocation locate_config(const std::string& flag_value) {
    if (!flag_value.empty()) return {flag_value, true};
    if (const char* env = std::getenv("MINGBAI_CONFIG"); env && *env) return {env, true};
    return {kDefaultConfigPath, false};
}

net::HttpClientOptions county_http_options(const Config& config) {
    net::HttpClientOptions o;
    o.base_url = config.county.url;
    o.token = config.county.token;
    o.kiosk_id = config.county.kiosk_id;
    return o;
}

void apply_data_dir_overrides(Config& config, const std::string& flag_value) {
    if (const char* env = std::getenv("MINGBAI_DATA_DIR"); env && *env) config.data_dir = env;
    if (!flag_value.empty()) config.data_dir = flag_value;
}

}  // namespace kiosk::core
