// Tests base/line_break: the rules of Chinese line breaking (禁则), with every character one unit
// wide so that line contents can be stated exactly.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/line_break.hpp"
#include "base/utf8.hpp"

namespace {

std::vector<std::string> lines(const std::string& text, float width) {
    std::vector<std::string> out;
    for (const auto& l : base::break_lines(text, width, [](char32_t) { return 1.0f; })) {
        out.push_back(text.substr(l.begin, l.end - l.begin));
    }
    return out;
}

bool obeys_rules(const std::vector<std::string>& ls) {
    for (const auto& l : ls) {
        const auto cps = base::utf8::decode(l);
        if (cps.empty()) continue;
        if (base::is_no_line_start(cps.front()) || base::is_no_line_end(cps.back())) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("Chinese text breaks between any two characters") {
    CHECK(lines("家里收入太少日子难过", 4) ==
          std::vector<std::string>{"家里收入", "太少日子", "难过"});
}

TEST_CASE("no line starts with closing punctuation: the character before it comes along") {
    // Width 5 would put "。" first on line two; "少" moves down with it.
    CHECK(lines("家里收入少。日子难过", 5) ==
          std::vector<std::string>{"家里收入", "少。日子难", "过"});
    for (const char* mark : {"，", "。", "、", "；", "：", "？", "！", "）", "」", "』"}) {
        CAPTURE(mark);
        const auto ls = lines(std::string("一二三四") + mark + "五六七八", 4);
        CHECK(obeys_rules(ls));
    }
}

TEST_CASE("no line ends with opening punctuation: it goes down with what it opens") {
    CHECK(lines("一二三（四五）六", 4) == std::vector<std::string>{"一二三", "（四五）", "六"});
    for (const char* mark : {"（", "「", "『"}) {
        CAPTURE(mark);
        const auto ls = lines(std::string("一二三") + mark + "四五六七", 4);
        CHECK(obeys_rules(ls));
    }
}

TEST_CASE("numbers and Latin words stay whole, and stay with the unit after them") {
    CHECK(lines("每月10日发", 4) == std::vector<std::string>{"每月", "10日发"});
    CHECK(lines("打12345热线", 6) == std::vector<std::string>{"打", "12345热", "线"});
    CHECK(lines("call the hotline", 9) == std::vector<std::string>{"call the", "hotline"});
}

TEST_CASE("a word longer than a line is cut rather than lost") {
    const auto ls = lines("https://mz.example.gov.cn", 10);
    std::string joined;
    for (const auto& l : ls) joined += l;
    CHECK(joined == "https://mz.example.gov.cn");
    CHECK(ls.size() == 3);
}

TEST_CASE("newlines always break, empty text is one empty line") {
    CHECK(lines("甲\n乙", 10) == std::vector<std::string>{"甲", "乙"});
    CHECK(lines("", 10) == std::vector<std::string>{""});
}
