// All the text a sheet carries, in block order: what the tests search for what goes on paper.
#pragma once

#include <string>

#include "printer/sheet.hpp"

namespace test {

inline std::string sheet_text(const printer::Sheet& s) {
    std::string t;
    for (const auto& b : s.blocks()) {
        t += b.text + b.caption;
        for (const auto& i : b.items) t += i;
        for (const auto& [k, v] : b.rows) t += k + v;
    }
    return t;
}

}  // namespace test
