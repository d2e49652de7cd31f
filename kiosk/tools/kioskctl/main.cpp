// kioskctl: staff and county engineers drive the same kiosk core from a shell. One file per
// command group; each registers its subcommands and sets the exit code when it runs.
#include <csignal>

#include <CLI/CLI.hpp>

#include "kiosk/tools/kioskctl/session.hpp"

int main(int argc, char** argv) {
    // A write past a file size limit fails (EFBIG, said as a full disk) instead of ending kioskctl.
    std::signal(SIGXFSZ, SIG_IGN);
    CLI::App cli{"kioskctl: the 明白站 kiosk from a shell, for village staff and county engineers.",
                 "kioskctl"};
    cli.require_subcommand(1);
    kioskctl::Session session;
    cli.add_option("--config", session.config_flag,
                   "Config file (default $MINGBAI_CONFIG, else /etc/mingbai/kiosk.toml)");
    cli.add_option(
        "--data-dir", session.data_dir_flag,
        "State folder (default $MINGBAI_DATA_DIR, else the config's, else /var/lib/mingbai)");

    kioskctl::add_config_commands(cli, session);
    kioskctl::add_content_commands(cli, session);
    kioskctl::add_printer_commands(cli, session);
    kioskctl::add_scan_commands(cli, session);
    kioskctl::add_request_commands(cli, session);
    kioskctl::add_status_commands(cli, session);
    kioskctl::add_update_commands(cli, session);
    kioskctl::add_staff_commands(cli, session);
    kioskctl::add_audit_commands(cli, session);
    kioskctl::add_noticeboard_commands(cli, session);

    CLI11_PARSE(cli, argc, argv);
    return session.exit_code;
}
