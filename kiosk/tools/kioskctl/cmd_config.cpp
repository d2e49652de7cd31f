// kioskctl config check|show, version.
#include <iostream>

#include "kiosk/core/data_paths.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {
namespace {

// Quotes a TOML string value.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void print_config(const kiosk::core::Config& c, std::ostream& out) {
    out << "# effective configuration, from "
        << (c.source.empty() ? "built-in defaults" : c.source.string()) << "\n"
        << "[station]\nname = " << quoted(c.station.name)
        << "\nhotline = " << quoted(c.station.hotline)
        << "\nwelcome = " << quoted(c.station.welcome)
        << "\nsample = " << (c.station.sample ? "true" : "false")
        << "\nstaff = " << quoted(c.station.staff) << "\n\n[display]\nwidth = " << c.display.width
        << "\nheight = " << c.display.height
        << "\nfullscreen = " << (c.display.fullscreen ? "true" : "false")
        << "\nrenderer = " << quoted(c.display.renderer)
        << "\n\n[ui]\ntheme = " << quoted(c.ui.theme) << "\nfont = " << quoted(c.ui.font)
        << "\nfont_index = " << c.ui.font_index
        << "\nidle_reset_seconds = " << c.ui.idle_reset_seconds
        << "\nidle_countdown_seconds = " << c.ui.idle_countdown_seconds
        << "\n\n[printer]\ntransport = " << quoted(c.printer.transport)
        << "\nprofile = " << quoted(c.printer.profile)
        << "\nroll_length_m = " << c.printer.roll_length_m
        << "\n\n[scanner]\nwedge_max_key_gap_ms = " << c.scanner.wedge_max_key_gap_ms
        << "\nwedge_min_length = " << c.scanner.wedge_min_length
        << "\ncamera = " << quoted(c.scanner.camera)
        << "\ncard_reader = " << quoted(c.scanner.card_reader)
        << "\n\n[county]\nurl = " << quoted(c.county.url)
        << (c.county.token.empty() ? "\ntoken = \"\"" : "\n# token is set; not shown")
        << "\nkiosk_id = " << quoted(c.county.kiosk_id)
        << "\n\n[log]\nlevel = " << quoted(c.log.level)
        << "\n\n[paths]\ndata_dir = " << quoted(c.data_dir.string()) << "\n";
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
