// Levelled, timestamped logging to stderr.
#include "base/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <string>

namespace base::log {
namespace {
std::atomic<Level> g_level{Level::info};
std::mutex g_mutex;
std::deque<std::string> g_recent;  // the last kRecentLines lines, under g_mutex

const char* level_name(Level l) {
    switch (l) {
        case Level::debug:
            return "DEBUG";
        case Level::info:
            return "INFO ";
        case Level::warn:
            return "WARN ";
        case Level::error:
            return "ERROR";
    }
    return "?";
}
}  // namespace

void set_level(Level l) {
    g_level = l;
}
Level level() {
    return g_level;
}

std::optional<Level> parse_level(std::string_view name) {
    if (name == "debug") return Level::debug;
    if (name == "info") return Level::info;
    if (name == "warn") return Level::warn;
    if (name == "error") return Level::error;
    return std::nullopt;
}

std::string one_line(std::string_view message) {
    std::string out;
    out.reserve(message.size());
    for (const char c : message) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\\':
                out += "\\\\";
                break;
            default:
                if (byte < 0x20 || byte == 0x7f) {
                    char hex[5];
                    std::snprintf(hex, sizeof hex, "\\x%02x", byte);
                    out += hex;
                } else {
                    out += c;  // UTF-8 continuation and lead bytes pass as they are
                }
        }
    }
    return out;
}

void write(Level l, std::string_view component, std::string_view message) {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm local{};
    localtime_r(&secs, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &local);
    const std::string line = one_line(message);
    // One fprintf per line under a lock, so lines from worker threads never interleave.
    char head[64];
    std::snprintf(head, sizeof head, "%s.%03d %s ", stamp, static_cast<int>(ms), level_name(l));
    std::string whole = head;
    whole.append("[").append(component).append("] ").append(line);
    std::lock_guard lock(g_mutex);
    std::fprintf(stderr, "%s\n", whole.c_str());
    g_recent.push_back(std::move(whole));
    if (g_recent.size() > kRecentLines) g_recent.pop_front();
}

std::vector<std::string> recent_lines() {
    std::lock_guard lock(g_mutex);
    return {g_recent.begin(), g_recent.end()};
}

}  // namespace base::log
