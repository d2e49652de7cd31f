// What the programs' main() functions share.
#include "base/program.hpp"

#include <pthread.h>

#include <iostream>

namespace base {

int fail(std::string_view program, std::string_view message) {
    std::cerr << program << ": " << message << "\n";
    return 2;
}

BlockedSignals::BlockedSignals(std::initializer_list<int> signals) {
    sigemptyset(&set_);
    for (const int s : signals) sigaddset(&set_, s);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

int BlockedSignals::wait() const {
    int signal_number = 0;
    while (sigwait(&set_, &signal_number) != 0) {
    }
    return signal_number;
}

}  // namespace base
