// The county-server's listings as text for a terminal: columns padded to their widest cell, and
// a last column left free, for the text that may be long or Chinese (two columns a character,
// which would push any column after it out of line).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace county {

struct TextTable {
    std::vector<std::string> header;             // the padded columns, then the free one
    std::vector<std::vector<std::string>> rows;  // each as many cells as header
};

void print_table(std::ostream& out, const TextTable& table);

}  // namespace county
