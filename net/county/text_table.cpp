// Padded text columns.
#include "net/county/text_table.hpp"

#include <algorithm>

namespace county {

void print_table(std::ostream& out, const TextTable& table) {
    const std::size_t padded = table.header.empty() ? 0 : table.header.size() - 1;
    std::vector<std::size_t> width(padded);
    for (std::size_t c = 0; c < padded; ++c) {
        width[c] = table.header[c].size();
        for (const auto& row : table.rows) width[c] = std::max(width[c], row[c].size());
    }
    auto print_row = [&](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < padded; ++c) {
            out << row[c] << std::string(width[c] - row[c].size() + 2, ' ');
        }
        out << row.back() << "\n";
    };
    print_row(table.header);
    for (const auto& row : table.rows) print_row(row);
}

}  // namespace county
