// CSV reading and writing (RFC 4180).
#include "base/csv.hpp"

namespace base::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The length of the line end at `i`: 2 for CRLF, 1 for LF, 0 for none.
std::size_t line_end_at(std::string_view text, std::size_t i) {
    if (i >= text.size()) return 0;
    if (text[i] == '\n') return 1;
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') return 2;
    return 0;
}

}  // namespace

std::expected<std::vector<Record>, Error> read(std::string_view text) {
    if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
    std::vector<Record> records;
    std::size_t line = 1, i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        if (const std::size_t end = line_end_at(text, i); end > 0) {  // an empty line
            i += end;
            ++line;
            continue;
        }
        Record record{line, {}};
        while (true) {
            std::string field;
            if (i < n && text[i] == '"') {
                const std::size_t opened = line;
                for (++i;; ++i) {
                    if (i >= n) return std::unexpected(Error{opened, "a quote is never closed"});
                    if (text[i] == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            field += '"';
                            ++i;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n') ++line;
                    field += text[i];
                }
                if (i < n && text[i] != ',' && line_end_at(text, i) == 0) {
                    return std::unexpected(Error{line, "text after a closing quote"});
                }
            } else {
                for (; i < n && text[i] != ',' && line_end_at(text, i) == 0; ++i) {
                    if (text[i] == '"') {
                        return std::unexpected(
                            Error{line, "a quote inside a field that does not start with one"});
                    }
                    field += text[i];
                }
            }
            record.fields.push_back(std::move(field));
            if (i < n && text[i] == ',') {
                ++i;
                continue;
            }
            if (const std::size_t end = line_end_at(text, i); end > 0) {
                i += end;
                ++line;
            }
            break;
        }
        records.push_back(std::move(record));
    }
    return records;
}

std::string quote(std::string_view field) {
    std::string out = "\"";
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace base::csv
