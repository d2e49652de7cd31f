// Breaks text into lines that fit a width, by the rules of Chinese typesetting (禁则): no line
// starts with closing punctuation (，。、；：？！）」』…) and none ends with an opening one
// (（「『…); Latin words and numbers stay whole unless longer than a line. The screen and the
// printed sheet both use it, each with its own glyph widths.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace base {

struct LineSpan {
    std::size_t begin = 0;  // byte offsets into the text
    std::size_t end = 0;    // exclusive; trailing spaces and the newline are not part of it
};

using AdvanceFn = std::function<float(char32_t)>;

// Lines of `text` no wider than `width` where the rules allow; '\n' always breaks.
std::vector<LineSpan> break_lines(std::string_view text, float width, const AdvanceFn& advance);

bool is_no_line_start(char32_t cp);
bool is_no_line_end(char32_t cp);

}  // namespace base
