// kioskctl staff set-pin|status: the PIN that opens staff mode on the screen, set from a shell
// (read from the terminal without echo, or one line from standard input; never from the
// command line, where `ps` and the shell's history would keep it).
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <iostream>

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

}  // namespace

void add_staff_commands(CLI::App& cli, Session& s) {
    auto* staff_cmd = cli.add_subcommand("staff", "The PIN that opens staff mode on the screen");
    staff_cmd->require_subcommand(1);

    on_run(staff_cmd->add_subcommand(
               "set-pin",
               "Set the staff PIN (6 to 12 digits, read from standard input; asked twice on a "
               "terminal); clears any lock"),
           s, [&s]() -> int {
               const auto* c = s.config();
               if (!c || !s.data_dir_ready()) return 2;
               auto state = kiosk::core::StateDb::open(c->data_dir);
               if (!state) return fail(2, state.error());
               const base::Secret pin = read_pin("New staff PIN (6 to 12 digits): ");
               if (auto ok = kiosk::core::check_pin_form(pin.view()); !ok) {
                   return fail(2, "PIN not set: ", ok.error());
               }
               if (::isatty(STDIN_FILENO) == 1 && read_pin("The same again: ") != pin.view()) {
                   return fail(2, "PIN not set: the two did not match");
               }
               kiosk::core::StaffAccess access(**state);
               if (auto ok = access.set_pin(pin); !ok) {
                   return fail(1, "PIN not set: ", ok.error());
               }
               std::cout << "staff PIN set; staff mode opens with it\n";
               return 0;
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

}  // namespace kioskctl
