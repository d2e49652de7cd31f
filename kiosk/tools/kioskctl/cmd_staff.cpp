// kioskctl staff set-pin|verify-pin|status and audit list: the PIN that opens staff mode on the
// screen, set and tried from a shell, and the log of what staff did. A PIN is best read from the
// terminal without echo or from standard input; the command line also takes one (scripts rely
// on it), though `ps` and the shell's history see it there.
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <iostream>

#include <nlohmann/json.hpp>

#include "kiosk/core/staff_access.hpp"
#include "kiosk/core/state_db.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {
namespace {

// One line from standard input; on a terminal, asked for with `prompt` and not echoed.
base::Secret read_pin(const char* prompt) {
    const bool tty = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (tty) {
        std::cerr << prompt << std::flush;
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    base::Secret pin;
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
        if (c != '\r') pin.push_back(c);
    }
    c = 0;
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return pin;
}

std::string local_time(std::int64_t unix_ms) {
    const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    return text;
}

// The PIN from the command line when given, else read as above.
base::Secret pin_from(std::string& arg, const char* prompt) {
    if (arg.empty()) return read_pin(prompt);
    base::Secret pin(arg);
    std::fill(arg.begin(), arg.end(), '\0');
    arg.clear();
    return pin;
}

std::string_view attempt_message(const kiosk::core::StaffAccess::Attempt& a) {
    using Outcome = kiosk::core::StaffAccess::Attempt::Outcome;
    switch (a.outcome) {
        case Outcome::opened:
            return "PIN accepted";
        case Outcome::wrong:
            return "wrong PIN";
        case Outcome::locked:
            return "staff mode is locked after too many wrong PINs";
        case Outcome::no_pin:
            return "no PIN is set yet; set one with `kioskctl staff set-pin`";
    }
    return "";
}

}  // namespace

void add_staff_commands(CLI::App& cli, Session& s) {
    auto* staff_cmd = cli.add_subcommand("staff", "The PIN that opens staff mode on the screen");
    staff_cmd->require_subcommand(1);

    auto pin_arg = std::make_shared<std::string>();
    auto* set_cmd = staff_cmd->add_subcommand(
        "set-pin",
        "Set the staff PIN (6 to 12 digits; read from standard input, asked twice on a terminal, "
        "when not given); clears any lock");
    set_cmd->add_option("PIN", *pin_arg,
                        "The PIN (visible to `ps` and the shell's history: standard input is "
                        "safer)");
    on_run(set_cmd, s, [&s, pin_arg]() -> int {
        const auto* c = s.config();
        if (!c || !s.data_dir_ready()) return 2;
        auto state = kiosk::core::StateDb::open(c->data_dir);
        if (!state) return fail(2, state.error());
        const bool asked = pin_arg->empty();
        const base::Secret pin = pin_from(*pin_arg, "New staff PIN (6 to 12 digits): ");
        if (auto ok = kiosk::core::check_pin_form(pin.view()); !ok) {
            return fail(2, "PIN not set: ", ok.error());
        }
        if (asked && ::isatty(STDIN_FILENO) == 1 && read_pin("The same again: ") != pin.view()) {
            return fail(2, "PIN not set: the two did not match");
        }
        kiosk::core::StaffAccess access(**state);
        if (auto ok = access.set_pin(pin); !ok) {
            return fail(1, "PIN not set: ", ok.error());
        }
        std::cout << "staff PIN set; staff mode opens with it\n";
        return 0;
    });

    auto* verify_cmd = staff_cmd->add_subcommand(
        "verify-pin",
        "Try a PIN as the screen would (exit 0 only when accepted); wrong ones count towards "
        "the same lock");
    auto try_arg = std::make_shared<std::string>();
    verify_cmd->add_option("PIN", *try_arg, "The PIN (else read from standard input)");
    on_run(verify_cmd, s, [&s, try_arg]() -> int {
        const auto* c = s.config();
        if (!c || !s.data_dir_ready()) return 2;
        auto state = kiosk::core::StateDb::open(c->data_dir);
        if (!state) return fail(2, state.error());
        const base::Secret pin = pin_from(*try_arg, "Staff PIN: ");
        kiosk::core::StaffAccess access(**state);
        auto attempt = access.try_pin(pin);
        if (!attempt) return fail(2, "PIN not checked: ", attempt.error());
        using Outcome = kiosk::core::StaffAccess::Attempt::Outcome;
        if (attempt->outcome == Outcome::opened) {
            std::cout << attempt_message(*attempt) << "\n";
            return 0;
        }
        if (attempt->outcome == Outcome::wrong) {
            return fail(1, attempt_message(*attempt), " (", attempt->tries_left,
                        " tries left before staff mode locks)");
        }
        if (attempt->outcome == Outcome::locked) {
            return fail(1, attempt_message(*attempt), ", until ",
                        local_time(attempt->locked_until));
        }
        return fail(1, attempt_message(*attempt));
    });

    on_run(staff_cmd->add_subcommand("status",
                                     "Whether a PIN is set, and whether staff mode is "
                                     "locked after wrong PINs"),
           s, [&s]() -> int {
               const auto* c = s.config();
               if (!c || !s.data_dir_ready()) return 2;
               auto state = kiosk::core::StateDb::open(c->data_dir);
               if (!state) return fail(2, state.error());
               kiosk::core::StaffAccess access(**state);
               auto set = access.pin_set();
               auto lock = access.lock();
               if (!set || !lock) return fail(2, !set ? set.error() : lock.error());
               std::cout << "PIN:    "
                         << (*set ? "set"
                                  : "not set (staff mode stays shut; set one with "
                                    "`kioskctl staff set-pin`)")
                         << "\n";
               const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
               if (lock->locked_until > now) {
                   std::cout << "locked: until " << local_time(lock->locked_until) << " ("
                             << lock->lockouts << " lockouts since the last right PIN)\n";
               } else {
                   std::cout << "locked: no (" << lock->failures
                             << " wrong PINs since the last right one)\n";
               }
               return 0;
           });
}

void add_audit_commands(CLI::App& cli, Session& s) {
    auto* audit_cmd = cli.add_subcommand("audit", "What staff did, on the screen and here");
    audit_cmd->require_subcommand(1);
    auto* list_cmd =
        audit_cmd->add_subcommand("list", "The staff audit log, newest first (never a PIN)");
    auto json = std::make_shared<bool>(false);
    auto limit = std::make_shared<int>(200);
    list_cmd->add_flag("--json", *json, "One JSON array, for scripts");
    list_cmd->add_option("--limit", *limit, "How many entries (default 200)")
        ->check(CLI::Range(1, kiosk::core::kAuditKept));
    on_run(list_cmd, s, [&s, json, limit]() -> int {
        const auto* c = s.config();
        if (!c || !s.data_dir_ready()) return 2;
        auto state = kiosk::core::StateDb::open(c->data_dir);
        if (!state) return fail(2, state.error());
        auto entries = (*state)->audit(*limit);
        if (!entries) return fail(2, "the audit log could not be read: ", entries.error());
        if (*json) {
            auto out = nlohmann::json::array();
            for (const auto& e : *entries) {
                out.push_back({{"at", local_time(e.at_ms)},
                               {"at_ms", e.at_ms},
                               {"source", e.source},
                               {"action", e.action},
                               {"outcome", e.outcome},
                               {"detail", e.detail}});
            }
            std::cout << out.dump(2) << "\n";
            return 0;
        }
        if (entries->empty()) std::cout << "no staff actions recorded yet\n";
        for (const auto& e : *entries) {
            std::cout << local_time(e.at_ms) << "  " << e.source << "  " << e.action << "  "
                      << e.outcome << (e.detail.empty() ? "" : "  ") << e.detail << "\n";
        }
        return 0;
    });
}

}  // namespace kioskctl
