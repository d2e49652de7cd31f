// Tests base/log: one event is one line, whatever the message holds.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "base/log.hpp"
#include "support/stderr_capture.hpp"

namespace fs = std::filesystem;

TEST_CASE("a message with line breaks from SQLite stays one log line, escaped") {
    const auto file = fs::temp_directory_path() / ("log-test-" + std::to_string(::getpid()));
    std::string text;
    {
        test::StderrCapture capture(file);
        base::log::error("outbox", "state.db: database disk image is malformed\nPage 11: ",
                         "free space corruption\r\n\ttab\x01 and \\ back");
        text = capture.restore();
    }
    fs::remove(file);
    REQUIRE(!text.empty());
    CHECK(text.find('\n') == text.size() - 1);  // the line's own end, nothing before it
    CHECK(text.find("[outbox] state.db: database disk image is malformed\\nPage 11: free space "
                    "corruption\\r\\n\\ttab\\x01 and \\\\ back") != std::string::npos);
}

TEST_CASE("plain text and Chinese pass through the escaping unchanged") {
    CHECK(base::log::one_line("stored A-20261122-0007 (临时救助)") ==
          "stored A-20261122-0007 (临时救助)");
    CHECK(base::log::one_line("a\nb") == "a\\nb");
    CHECK(base::log::one_line(std::string_view("nul\0byte", 8)) == "nul\\x00byte");
}
