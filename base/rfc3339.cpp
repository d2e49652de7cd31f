// RFC 3339 times with an offset.
#include "base/rfc3339.hpp"

#include <regex>

#include <string_view>

namespace base {

std::string to_rfc3339_local(std::time_t time) {
    std::tm local{};
    localtime_r(&time, &local);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
    // strftime writes +0800; RFC 3339 wants +08:00.
    const std::string_view s(text);
    return std::string(s.substr(0, s.size() - 2)) + ":" + std::string(s.substr(s.size() - 2));
}

std::string now_rfc3339() {
    return to_rfc3339_local(std::time(nullptr));
}

bool is_rfc3339(std::string_view text) {
    static const std::regex pattern(
        R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))");
    return std::regex_match(text.begin(), text.end(), pattern);
}

}  // namespace base
