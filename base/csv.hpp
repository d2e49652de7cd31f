// CSV as RFC 4180 has it, read and written in one place: the county reads its benefit records
// with it (county-server import-benefits), the kiosk writes its ledger (台账) with it.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace base::csv {

// A record, with the line of the text it starts on (1 for the first; a quoted field may carry
// it over further lines).
struct Record {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// What is wrong with a text, and on which line.
struct Error {
    std::size_t line = 0;
    std::string message;
};

// The records of a whole text. Fields are separated by commas, records end at CRLF or LF (the
// last may end at the end of the text). A field in double quotes may hold commas, quotes (written
// twice) and line breaks, which are kept as they are. A UTF-8 byte order mark at the start (as
// spreadsheet programs write) and empty lines are skipped; a lone CR is text. Errors: a quote
// that is never closed (named at the line it opens on), text after a closing quote, a quote
// inside a field that does not start with one.
std::expected<std::vector<Record>, Error> read(std::string_view text);

// A field in double quotes with its quotes doubled: right for any text, commas and line breaks
// included, and what spreadsheet programs read back as it was.
std::string quote(std::string_view field);

}  // namespace base::csv
