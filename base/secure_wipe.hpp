// Overwrites secrets (ID numbers, phone numbers) in memory before they are let go, in a way the
// compiler may not drop as a dead store.
#pragma once

#include <cstddef>
#include <string>

namespace base {

inline void secure_wipe(std::string& secret) {
    volatile char* p = secret.data();
    for (std::size_t i = 0; i < secret.size(); ++i) p[i] = 0;
    secret.clear();
}

}  // namespace base
