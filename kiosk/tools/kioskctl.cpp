// kioskctl: staff and county engineers drive the same kiosk core from a shell.
#include <iostream>

#include <CLI/CLI.hpp>

#include "base/log.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/data_paths.hpp"

namespace {

using kiosk::core::Config;

// Quotes a TOML string value.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void print_config(const Config& c, std::ostream& out) {
    out << "# effective configuration, from "
        << (c.source.empty() ? "built-in defaults" : c.source.string()) << "\n"
        << "[station]\nname = " << quoted(c.station.name)
        << "\nhotline = " << quoted(c.station.hotline)
        << "\nwelcome = " << quoted(c.station.welcome)
        << "\nsample = " << (c.station.sample ? "true" : "false")
        << "\n\n[display]\nwidth = " << c.display.width << "\nheight = " << c.display.height
        << "\nfullscreen = " << (c.display.fullscreen ? "true" : "false")
        << "\nrenderer = " << quoted(c.display.renderer)
        << "\n\n[ui]\ntheme = " << quoted(c.ui.theme) << "\nfont = " << quoted(c.ui.font)
        << "\nfont_index = " << c.ui.font_index
        << "\nidle_reset_seconds = " << c.ui.idle_reset_seconds
        << "\n\n[log]\nlevel = " << quoted(c.log.level)
        << "\n\n[paths]\ndata_dir = " << quoted(c.data_dir.string()) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"kioskctl: the 明白站 kiosk from a shell, for village staff and county engineers.",
                 "kioskctl"};
    cli.require_subcommand(1);
    std::string config_flag, data_dir_flag;
    cli.add_option("--config", config_flag,
                   "Config file (default $MINGBAI_CONFIG, else /etc/mingbai/kiosk.toml)");
    cli.add_option(
        "--data-dir", data_dir_flag,
        "State folder (default $MINGBAI_DATA_DIR, else the config's, else /var/lib/mingbai)");

    auto* config_cmd = cli.add_subcommand("config", "Check or show the configuration");
    config_cmd->require_subcommand(1);
    auto* check_cmd = config_cmd->add_subcommand(
        "check",
        "Read the config as the kiosk would; exit 0 if it would start, 2 with the reason if not");
    auto* show_cmd =
        config_cmd->add_subcommand("show", "Print the effective configuration as TOML");
    auto* version_cmd = cli.add_subcommand("version", "Print the kioskctl version");

    CLI11_PARSE(cli, argc, argv);

    if (version_cmd->parsed()) {
        std::cout << "kioskctl " << MINGBAI_VERSION << "\n";
        return 0;
    }

    const auto where = kiosk::core::locate_config(config_flag);
    auto config = kiosk::core::load_config(where.path, where.required);
    if (!config) {
        std::cerr << "kioskctl: configuration problem: " << config.error().describe() << "\n";
        return 2;
    }
    kiosk::core::apply_data_dir_overrides(*config, data_dir_flag);

    if (check_cmd->parsed()) {
        std::cout << "ok: "
                  << (config->source.empty() ? "built-in defaults" : config->source.string())
                  << ", data folder " << config->data_dir.string() << "\n";
        return 0;
    }
    if (show_cmd->parsed()) {
        print_config(*config, std::cout);
        return 0;
    }
    return 0;
}
