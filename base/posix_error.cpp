// errno in words.
#include "base/posix_error.hpp"

#include <cstring>

namespace base {

std::string errno_text(int err) {
    char buffer[256];
    // The GNU strerror_r returns the text, which may or may not be in `buffer`.
    return ::strerror_r(err, buffer, sizeof buffer);
}

std::string errno_message(std::string_view what, int err) {
    return std::string(what) + ": " + errno_text(err);
}

}  // namespace base
