// Levelled, timestamped logging to stderr (journald takes it from there). Never pass personal data.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace base::log {

enum class Level { debug, info, warn, error };

void set_level(Level level);
Level level();
std::optional<Level> parse_level(std::string_view name);

// One line: "2026-11-22T14:48:03.123 INFO  [component] message". Line breaks and other control
// characters in the message (SQLite quotes a damaged page as "Page 11: free space corruption"
// after a newline) are escaped, so one event stays one line for journald and for grep.
void write(Level level, std::string_view component, std::string_view message);

// The last lines written by this process, oldest first, as they went to stderr: what staff see
// on the device screen (logs never hold personal data, so neither does this).
inline constexpr std::size_t kRecentLines = 200;
std::vector<std::string> recent_lines();

// The message as it is written: \n, \r, \t, \\ and \xNN for other control bytes.
std::string one_line(std::string_view message);

template <class... Parts>
void emit(Level lvl, std::string_view component, const Parts&... parts) {
    if (lvl < level()) return;
    std::ostringstream out;
    (out << ... << parts);
    write(lvl, component, out.str());
}

template <class... Parts>
void debug(std::string_view component, const Parts&... parts) {
    emit(Level::debug, component, parts...);
}
template <class... Parts>
void info(std::string_view component, const Parts&... parts) {
    emit(Level::info, component, parts...);
}
template <class... Parts>
void warn(std::string_view component, const Parts&... parts) {
    emit(Level::warn, component, parts...);
}
template <class... Parts>
void error(std::string_view component, const Parts&... parts) {
    emit(Level::error, component, parts...);
}

}  // namespace base::log
