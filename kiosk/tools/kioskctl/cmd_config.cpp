// kioskctl config check|show, version.
#include <cstdint>
#include <iostream>
#include <sstream>

#include <toml++/toml.h>

#include "kiosk/core/data_paths.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {
namespace {

// One value as TOML writes it, by toml++: quotes, backslashes, line breaks and other control
// characters escaped, so that the output reads back to the same value. Plain "..." strings, one
// line each, Chinese as it is.
template <class T>
std::string toml_value(const T& value) {
    std::ostringstream out;
    const toml::value<T> node(value);
    out << toml::toml_formatter(node, toml::format_flags::allow_unicode_strings);
    return out.str();
}

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
        << "\n\n[paths]\ndata_dir = " << text(c.data_dir.string()) << "\n";
}

}  // namespace

void add_config_commands(CLI::App& cli, Session& s) {
    auto* config_cmd = cli.add_subcommand("config", "Check or show the configuration");
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
    on_run(cli.add_subcommand("version", "Print the kioskctl version"), s, []() -> int {
        std::cout << "kioskctl " << MINGBAI_VERSION << "\n";
        return 0;
    });
}

}  // namespace kioskctl
