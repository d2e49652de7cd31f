// kioskctl config check|show|set, version.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <memory>
#include <sstream>

#include <toml++/toml.h>

#include "base/toml_value.hpp"
#include "kiosk/core/config_edit.hpp"
#include "kiosk/core/data_paths.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {
namespace {

using base::toml_value;

std::string toml_list(const std::vector<std::string>& values) {
    toml::array list;
    for (const auto& v : values) list.push_back(v);
    std::ostringstream out;
    out << toml::toml_formatter(list, toml::format_flags::allow_unicode_strings);
    return out.str();
}

// The token stays off the screen; the address holds no secret, as the config refuses one.
void print_config(const kiosk::core::Config& c, std::ostream& out) {
    const auto text = [](const std::string& s) { return toml_value(s); };
    const auto flag = [](bool b) { return toml_value(b); };
    const auto number = [](int n) { return toml_value(std::int64_t{n}); };
    // The file's name quoted as well: a line break in it would end the comment.
    out << "# effective configuration, from "
        << (c.source.empty() ? "built-in defaults" : text(c.source.string())) << "\n"
        << "[station]\nname = " << text(c.station.name) << "\nhotline = " << text(c.station.hotline)
        << "\nwelcome = " << text(c.station.welcome) << "\nsample = " << flag(c.station.sample)
        << "\nstaff = " << text(c.station.staff)
        << "\n\n[display]\nwidth = " << number(c.display.width)
        << "\nheight = " << number(c.display.height)
        << "\nfullscreen = " << flag(c.display.fullscreen)
        << "\nrenderer = " << text(c.display.renderer) << "\n\n[ui]\ntheme = " << text(c.ui.theme)
        << "\nfont = " << text(c.ui.font) << "\nfont_index = " << number(c.ui.font_index)
        << "\nidle_reset_seconds = " << number(c.ui.idle_reset_seconds)
        << "\nidle_countdown_seconds = " << number(c.ui.idle_countdown_seconds)
        << "\nvolume = " << number(c.ui.volume)
        << "\n\n[printer]\ntransport = " << text(c.printer.transport)
        << "\nprofile = " << text(c.printer.profile)
        << "\nroll_length_m = " << toml_value(c.printer.roll_length_m)
        << "\na4_queue = " << text(c.printer.a4_queue)
        << "\n\n[scanner]\nwedge_max_key_gap_ms = " << number(c.scanner.wedge_max_key_gap_ms)
        << "\nwedge_min_length = " << number(c.scanner.wedge_min_length)
        << "\ndevices = " << toml_list(c.scanner.devices) << "\ncamera = " << text(c.scanner.camera)
        << "\ncard_reader = " << text(c.scanner.card_reader)
        << "\n\n[county]\nurl = " << text(c.county.url)
        << (c.county.token.empty() ? "\ntoken = \"\"" : "\n# token is set; not shown")
        << "\nkiosk_id = " << text(c.county.kiosk_id)
        << "\n\n[update]\nmanifest_url = " << text(c.update.manifest_url)
        << "\ntrusted_keys = " << toml_list(c.update.trusted_keys)
        << "\npoll_minutes = " << number(c.update.poll_minutes)
        << "\nheartbeat_minutes = " << number(c.update.heartbeat_minutes)
        << "\n\n[log]\nlevel = " << text(c.log.level)
        << "\n\n[staff]\nusb_dir = " << text(c.staff.usb_dir)
        << "\n\n[paths]\ndata_dir = " << text(c.data_dir.string()) << "\n";
}

std::string settable_list() {
    std::string out;
    for (const auto key : kiosk::core::settable_keys()) {
        out += (out.empty() ? "" : ", ") + std::string(key);
    }
    return out;
}

}  // namespace

void add_config_commands(CLI::App& cli, Session& s) {
    auto* config_cmd = cli.add_subcommand("config", "Check, show or change the configuration");
    config_cmd->require_subcommand(1);
    on_run(config_cmd->add_subcommand(
               "check",
               "Read the config as the kiosk would, with the files it names (font, theme, "
               "printer profile); exit 0 if the kiosk would start with all of it, 2 with each "
               "reason if not"),
           s, [&s]() -> int {
               const auto* c = s.config();
               if (!c) return 2;
               const auto problems = kiosk::core::check_config(*c, kiosk::core::share_dir());
               for (const auto& problem : problems) {
                   fail(2, "configuration problem: ", problem.describe());
               }
               if (!problems.empty()) return 2;
               std::cout << "ok: " << (c->source.empty() ? "built-in defaults" : c->source.string())
                         << ", data folder " << c->data_dir.string() << "\n";
               return 0;
           });
    on_run(config_cmd->add_subcommand("show", "Print the effective configuration as TOML"), s,
           [&s]() -> int {
               const auto* c = s.config();
               if (!c) return 2;
               print_config(*c, std::cout);
               return 0;
           });
    auto pairs = std::make_shared<std::vector<std::string>>();
    auto* set_cmd = config_cmd->add_subcommand(
        "set",
        "Change settings in the config file as the staff screen does: only those values change "
        "in the file, comments and all else stay; the result is checked as the kiosk checks it "
        "at start and written whole or not at all. A missing file is made. Exit 0 printing the "
        "new values, 1 with the kiosk's own message for a value it would refuse (the file stays "
        "as it was) or when the disk fails, 2 for an unknown key");
    set_cmd
        ->add_option("pairs", *pairs,
                     "KEY VALUE ...; KEY one of " + settable_list() +
                         " (e.g. ui.volume 70 station.name 幸福村社会救助服务站)")
        ->required();
    on_run(set_cmd, s, [&s, pairs]() -> int {
        if (pairs->size() % 2 != 0) {
            return fail(2, "config set: expected KEY VALUE pairs, \"", pairs->back(),
                        "\" has no value");
        }
        kiosk::core::SettingsChange change;
        std::vector<std::string> keys;
        for (std::size_t i = 0; i < pairs->size(); i += 2) {
            const auto& key = (*pairs)[i];
            if (auto ok = kiosk::core::set_setting(change, key, (*pairs)[i + 1]); !ok) {
                return fail(2, "config set: ", ok.error());
            }
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
        const auto where = kiosk::core::locate_config(s.config_flag);
        auto written = kiosk::core::write_settings(where.path, change, kiosk::core::share_dir());
        if (!written) {
            return fail(1, "not changed: ", written.error().message);
        }
        for (const auto& key : keys) {
            std::cout << key << " = " << kiosk::core::setting_value(*written, key) << "\n";
        }
        return 0;
    });
    on_run(cli.add_subcommand("version", "Print the kioskctl version"), s, []() -> int {
        std::cout << "kioskctl " << MINGBAI_VERSION << "\n";
        return 0;
    });
}

}  // namespace kioskctl
