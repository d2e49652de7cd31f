// Chinese line breaking.
#include "base/line_break.hpp"

#include <string_view>

#include "base/utf8.hpp"

namespace base {
namespace {

constexpr std::u32string_view kNoStart = U"，。、；：？！）」』》〉】〕〗”’…·．％,.;:?!)]}%>~～";
constexpr std::u32string_view kNoEnd = U"（「『《〈【〔〖“‘([{<";

bool is_space(char32_t cp) {
    return cp == U' ' || cp == U'\t' || cp == U'\u3000';
}

// Latin letters, digits and the ASCII marks inside words and numbers: no break between two.
bool is_word(char32_t cp) {
    return cp > 0x20 && cp < 0x7F;
}

struct Glyph {
    char32_t cp;
    std::size_t begin, end;  // bytes
    float width;
};

}  // namespace

bool is_no_line_start(char32_t cp) {
    return kNoStart.find(cp) != std::u32string_view::npos;
}
bool is_no_line_end(char32_t cp) {
    return kNoEnd.find(cp) != std::u32string_view::npos;
}

std::vector<LineSpan> break_lines(std::string_view text, float width, const AdvanceFn& advance) {
    std::vector<Glyph> g;
    for (std::size_t at = 0; at < text.size();) {
        const auto d = utf8::decode_one(text.substr(at));
        const char32_t cp = d ? d->code_point : U'\uFFFD';
        const std::size_t len = d ? d->length : 1;
        g.push_back({cp, at, at + len, cp == U'\n' ? 0.0f : advance(cp)});
        at += len;
    }

    // Whether a line may end before g[i] (so g[i] starts the next line).
    auto may_break_before = [&](std::size_t i) {
        const char32_t prev = g[i - 1].cp;
        const char32_t cur = g[i].cp;
        if (is_space(prev)) return !is_no_line_start(cur);
        if (is_space(cur)) return false;  // break after the spaces instead
        if (is_no_line_start(cur) || is_no_line_end(prev)) return false;
        if (is_word(prev) && is_word(cur)) return false;
        // A number stays with the unit or word after it: "3个工作日", "10日".
        if (prev >= U'0' && prev <= U'9' && cur >= 0x3000) return false;
        return true;
    };

    std::vector<LineSpan> lines;
    auto emit = [&](std::size_t from, std::size_t to) {  // glyph indices [from, to)
        std::size_t last = to;
        while (last > from && (is_space(g[last - 1].cp) || g[last - 1].cp == U'\n')) --last;
        const std::size_t b = from < g.size() ? g[from].begin : text.size();
        lines.push_back({b, last > from ? g[last - 1].end : b});
    };

    std::size_t start = 0;
    while (start < g.size()) {
        float used = 0;
        std::size_t best_break = 0;  // 0: none yet
        std::size_t i = start;
        std::size_t next = g.size();
        for (; i < g.size(); ++i) {
            if (g[i].cp == U'\n') {
                emit(start, i);
                next = i + 1;
                break;
            }
            if (i > start && may_break_before(i)) best_break = i;
            // Spaces at the end of a line may overhang; everything else must fit.
            if (i > start && !is_space(g[i].cp) && used + g[i].width > width) {
                const std::size_t at = best_break > start ? best_break : i;
                emit(start, at);
                next = at;
                break;
            }
            used += g[i].width;
        }
        if (i == g.size()) {
            emit(start, g.size());
            break;
        }
        // The next line does not begin with the spaces the break happened at.
        while (next < g.size() && is_space(g[next].cp)) ++next;
        start = next;
    }
    if (g.empty()) lines.push_back({0, 0});
    return lines;
}

}  // namespace base
