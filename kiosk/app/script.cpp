// Parses driver scripts.
#include "kiosk/app/script.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "base/utf8.hpp"

namespace kiosk::app {
namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    while (!(s = trim(s)).empty()) {
        const auto end = s.find_first_of(" \t");
        out.push_back(s.substr(0, end));
        if (end == std::string_view::npos) break;
        s.remove_prefix(end);
    }
    return out;
}

bool to_number(std::string_view w, float& out) {
    const auto [ptr, ec] = std::from_chars(w.data(), w.data() + w.size(), out);
    return ec == std::errc{} && ptr == w.data() + w.size();
}

bool all_numbers(const std::vector<std::string_view>& ws, std::vector<float>& out) {
    out.clear();
    for (const auto w : ws) {
        float v = 0;
        if (!to_number(w, v)) return false;
        out.push_back(v);
    }
    return true;
}

}  // namespace

std::string ScriptError::describe() const {
    return file + ":" + std::to_string(line) + ": " + message;
}

std::expected<Script, ScriptError> parse_script(std::string_view text, std::string file) {
    Script script{file, {}};
    if (!base::utf8::is_valid(text))
        return std::unexpected(ScriptError{file, 0, "not valid UTF-8"});
    int line_no = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const std::string_view raw = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++line_no;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;

        const auto space = line.find_first_of(" \t");
        const std::string_view command = line.substr(0, space);
        const std::string_view rest =
            space == std::string_view::npos ? "" : trim(line.substr(space));
        const auto args = words(rest);
        auto fail = [&](std::string message) {
            return std::unexpected(ScriptError{file, line_no, std::move(message)});
        };
        Step step{StepKind::tap_label, line_no, std::string(rest), {}, std::string(line)};
        std::vector<float> nums;

        if (command == "tap") {
            if (rest.empty()) return fail("tap needs a label, or x and y");
            if (args.size() == 2 && all_numbers(args, nums)) {
                step.kind = StepKind::tap_point;
                step.numbers = nums;
            }
        } else if (command == "drag") {
            if (args.size() != 4 || !all_numbers(args, nums)) return fail("drag needs x1 y1 x2 y2");
            step.kind = StepKind::drag;
            step.numbers = nums;
        } else if (command == "hold") {
            if (args.size() != 3 || !all_numbers(args, nums) || nums[2] < 0) {
                return fail("hold needs x y seconds");
            }
            step.kind = StepKind::hold;
            step.numbers = nums;
        } else if (command == "key") {
            if (args.size() != 1) return fail("key needs one key name, such as Return or Escape");
            step.kind = StepKind::key;
        } else if (command == "type" || command == "scan") {
            if (rest.empty()) return fail(std::string(command) + " needs text");
            step.kind = command == "type" ? StepKind::type : StepKind::scan;
        } else if (command == "wait" || command == "idle") {
            if (args.size() != 1 || !all_numbers(args, nums) || nums[0] < 0) {
                return fail(std::string(command) +
                            (command == "wait" ? " needs milliseconds" : " needs seconds"));
            }
            step.kind = command == "wait" ? StepKind::wait : StepKind::idle;
            step.numbers = nums;
        } else if (command == "shot") {
            if (args.size() != 1 || rest.find_first_of("/\\") != std::string_view::npos) {
                return fail("shot needs one name without slashes");
            }
            step.kind = StepKind::shot;
        } else if (command == "expect" || command == "expect-not") {
            if (rest.empty()) return fail(std::string(command) + " needs a label");
            step.kind = command == "expect" ? StepKind::expect : StepKind::expect_not;
        } else {
            return fail("unknown command \"" + std::string(command) +
                        "\" (known: tap drag key type scan wait idle shot expect expect-not)");
        }
        script.steps.push_back(std::move(step));
    }
    return script;
}

std::expected<Script, ScriptError> load_script(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(ScriptError{path, 0, "cannot be read"});
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_script(buffer.str(), path);
}

}  // namespace kiosk::app
