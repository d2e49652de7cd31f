// The script language of the driver: one step per line, read like what a person does.
//   tap <label> | tap <x> <y> | drag <x1> <y1> <x2> <y2> | hold <x> <y> <seconds> | key <name>
//   type <text> | scan <text> | wait <ms> | idle <seconds> | shot <name> | expect <label>
//   expect-not <label>
// In `hold`, a negative x counts from the right edge and a negative y from the bottom, so that
// one script holds the same corner on any screen.
// '#' starts a comment line; blank lines are skipped.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::app {

enum class StepKind {
    tap_label,
    tap_point,
    drag,
    hold,
    key,
    type,
    scan,
    wait,
    idle,
    shot,
    expect,
    expect_not
};

struct Step {
    StepKind kind;
    int line = 0;
    std::string text;            // label, key name, text, shot name
    std::vector<float> numbers;  // coordinates, milliseconds or seconds
    std::string source;          // the line as written, for messages
};

struct Script {
    std::string file;
    std::vector<Step> steps;
};

struct ScriptError {
    std::string file;
    int line = 0;
    std::string message;
    std::string describe() const;
};

std::expected<Script, ScriptError> parse_script(std::string_view text, std::string file);
std::expected<Script, ScriptError> load_script(const std::string& path);

}  // namespace kiosk::app
