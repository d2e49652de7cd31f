// What the command-line programs' main() functions share: the failure line and its exit code,
// and signals taken with sigwait() rather than by handlers.
#pragma once

#include <signal.h>

#include <initializer_list>
#include <string_view>

namespace base {

// Writes "program: message" to stderr and returns 2, the exit code for bad input or a program
// that could not start: `return base::fail("county-server", "--db FILE is required");`.
int fail(std::string_view program, std::string_view message);

// Signals a program waits for in main(): blocked from construction on in the calling thread and
// in every thread it starts afterwards, so construct it before starting any (a thread started
// earlier could take the signal and the default action would end the process).
class BlockedSignals {
  public:
    explicit BlockedSignals(std::initializer_list<int> signals);
    // The next of the signals to arrive.
    int wait() const;

  private:
    sigset_t set_{};
};

}  // namespace base
