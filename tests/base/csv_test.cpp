// Tests base/csv: records as RFC 4180 has them — quoted line breaks, commas and quotes, CRLF,
// a BOM, empty fields — errors with their line, and quoting that reads back as it was.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/csv.hpp"

namespace {

using Fields = std::vector<std::string>;

// The fields of each record, or the error as "LINE: message".
std::vector<Fields> fields_of(std::string_view text) {
    auto records = base::csv::read(text);
    REQUIRE_MESSAGE(
        records.has_value(),
        (records ? "" : std::to_string(records.error().line) + ": " + records.error().message));
    std::vector<Fields> out;
    for (const auto& record : *records) out.push_back(record.fields);
    return out;
}

}  // namespace

TEST_CASE("fields split at commas outside quotes, a doubled quote is a quote") {
    CHECK(fields_of("a,b,,c\n") == std::vector<Fields>{{"a", "b", "", "c"}});
    CHECK(fields_of("\"a, b\",c") == std::vector<Fields>{{"a, b", "c"}});
    CHECK(fields_of("\"say \"\"hi\"\"\",x") == std::vector<Fields>{{"say \"hi\"", "x"}});
    CHECK(fields_of("\"\",,\"\"\n") == std::vector<Fields>{{"", "", ""}});
    CHECK(fields_of("a,\n,b\n") == std::vector<Fields>{{"a", ""}, {"", "b"}});
    CHECK(fields_of("a,b,") == std::vector<Fields>{{"a", "b", ""}});
    CHECK(fields_of("").empty());
}

TEST_CASE("a quoted field keeps its line breaks, and records say the line they start on") {
    const std::string text = "h1,h2\r\n\"one\r\ntwo\nthree\",x\r\n\r\nlast,\"\"\"\"";
    auto records = base::csv::read(text);
    REQUIRE(records.has_value());
    REQUIRE(records->size() == 3);
    CHECK((*records)[0].line == 1);
    CHECK((*records)[1].fields == Fields{"one\r\ntwo\nthree", "x"});
    CHECK((*records)[1].line == 2);
    CHECK((*records)[2].fields == Fields{"last", "\""});
    CHECK((*records)[2].line == 6);  // after the record on lines 2 to 4 and the empty line 5
}

TEST_CASE("a BOM at the start is skipped, CRLF and LF both end a record, a lone CR is text") {
    CHECK(fields_of("\xEF\xBB\xBFid,item\r\n1,x\n") ==
          std::vector<Fields>{{"id", "item"}, {"1", "x"}});
    CHECK(fields_of("a\rb,c\r") == std::vector<Fields>{{"a\rb", "c\r"}});
    CHECK(fields_of("x,\xEF\xBB\xBFy") == std::vector<Fields>{{"x", "\xEF\xBB\xBFy"}});
}

TEST_CASE("a malformed text is an error naming its line") {
    auto error_of = [](std::string_view text) {
        auto records = base::csv::read(text);
        REQUIRE_FALSE(records.has_value());
        return records.error();
    };
    const auto unclosed = error_of("a,b\nc,\"open\nd,e\n");
    CHECK(unclosed.line == 2);
    CHECK(unclosed.message == "a quote is never closed");
    const auto after = error_of("a,b\n\"x\"y,z\n");
    CHECK(after.line == 2);
    CHECK(after.message == "text after a closing quote");
    const auto inside = error_of("a\n\"two\nlines\",b\nab\"c\n");
    CHECK(inside.line == 4);
    CHECK(inside.message == "a quote inside a field that does not start with one");
}

TEST_CASE("quoted fields read back as they were") {
    const Fields fields = {"", "plain", "a, b", "say \"hi\"", "one\r\ntwo\nthree", "\"", "，中文"};
    std::string line;
    for (const auto& field : fields) line += (line.empty() ? "" : ",") + base::csv::quote(field);
    CHECK(base::csv::quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(fields_of(line + "\r\n") == std::vector<Fields>{fields});
}
