// UTF-8 decoding and encoding with validation; code point sets for glyph coverage.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace base::utf8 {

struct Decoded {
    char32_t code_point;
    std::size_t length;  // bytes consumed
};

// Decodes the code point at the start of `text`; nullopt for a malformed, overlong or
// surrogate sequence (one byte should then be skipped).
std::optional<Decoded> decode_one(std::string_view text);

bool is_valid(std::string_view text);

// All code points of `text`; malformed bytes become U+FFFD.
std::vector<char32_t> decode(std::string_view text);

void append(std::string& out, char32_t code_point);
std::string encode(char32_t code_point);

}  // namespace base::utf8
