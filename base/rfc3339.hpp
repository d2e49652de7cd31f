// RFC 3339 times with an offset ("2026-11-22T10:15:00+08:00"), as the county API carries them.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace base {

// Now, in the local time zone with its offset: "2026-11-22T10:15:02+08:00".
std::string now_rfc3339();
// `time` the same way.
std::string to_rfc3339_local(std::time_t time);

// "YYYY-MM-DDTHH:MM:SS", optional fraction of 1 to 9 digits, then "Z" or "+HH:MM" / "-HH:MM".
// The form only: the numbers are not checked against the calendar.
bool is_rfc3339(std::string_view text);

}  // namespace base
