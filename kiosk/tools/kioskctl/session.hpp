// What every kioskctl command shares: the global options, the configuration read as the kiosk
// reads it, the content (the active bundle or --bundle), and the exit code the command sets.
// Exit codes: 0 done, 1 the thing asked for failed (a printer stopped, an invalid number), 2 bad
// input or a setup that cannot work (the message names it).
#pragma once

#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "kiosk/core/config.hpp"
#include "kiosk/core/content.hpp"

namespace kioskctl {

struct Session {
    std::string config_flag;    // --config
    std::string data_dir_flag;  // --data-dir
    std::string bundle_flag;    // --bundle, on the commands that read content
    int exit_code = 0;

    // The configuration as the kiosk would read it; nullopt after saying why on stderr.
    const kiosk::core::Config* config();
    // The content from --bundle, else the active one (installed, else the default); nullopt
    // after saying why. `source` names where it came from.
    std::optional<kiosk::core::Content> content(std::string* source = nullptr);
    // Creates the data folder when needed; false after saying why.
    bool data_dir_ready();
    // The item with this id, or nullptr after naming the ids there are to choose from.
    static const kiosk::core::Item* item(const kiosk::core::Content& content,
                                         const std::string& id);

  private:
    std::optional<kiosk::core::Config> config_;
    bool config_failed_ = false;
};

// "kioskctl: <message>" on stderr; returns `code` so a command can `return fail(2, ...)`.
template <class... Parts>
int fail(int code, const Parts&... parts) {
    std::cerr << "kioskctl: ";
    (std::cerr << ... << parts);
    std::cerr << "\n";
    return code;
}

// Runs `command` when its subcommand was chosen; what it returns is kioskctl's exit code.
template <class Command>
void on_run(CLI::App* subcommand, Session& s, Command command) {
    subcommand->callback([&s, command] { s.exit_code = command(); });
}

// The command groups, one file each.
void add_config_commands(CLI::App& cli, Session& s);   // config check|show, version
void add_content_commands(CLI::App& cli, Session& s);  // content, bundle, calendar
void add_printer_commands(CLI::App& cli, Session& s);  // print, printer, escpos
void add_scan_commands(CLI::App& cli, Session& s);     // scan, id
void add_request_commands(CLI::App& cli, Session& s);  // request, sync, ledger
void add_status_commands(CLI::App& cli, Session& s);   // status query
void add_staff_commands(CLI::App& cli, Session& s);    // staff set-pin|verify-pin|status
void add_audit_commands(CLI::App& cli, Session& s);    // audit list
// keygen, bundle sign|verify, update apply|check; after add_content_commands (it adds to bundle)
void add_update_commands(CLI::App& cli, Session& s);
// print-a4: an item's 明白纸 or the notices on A4, through CUPS
void add_noticeboard_commands(CLI::App& cli, Session& s);

// For the crash tests: with MINGBAI_TEST_KILL_AT=STEP (a step name of apply_update or of the
// updater, e.g. "swapped" or "bytes-written"), kioskctl kills itself with SIGKILL when it gets
// there, as a power cut would; STEP:N at the Nth time. Otherwise empty.
std::function<void(std::string_view)> crash_hook();

}  // namespace kioskctl
