// The set of characters the kiosk must be able to draw: UI strings, content and config text.
// The font atlas is built from it instead of the 20,000-glyph CJK range.
#pragma once

#include <set>
#include <string_view>
#include <vector>

namespace kiosk::core {

class GlyphSet {
  public:
    GlyphSet();  // starts with printable ASCII, which digits, dates and codes need

    void add_text(std::string_view utf8);
    void add(char32_t code_point);

    bool contains(char32_t code_point) const { return points_.contains(code_point); }
    std::size_t size() const { return points_.size(); }
    std::vector<char32_t> sorted() const { return {points_.begin(), points_.end()}; }
    bool operator==(const GlyphSet&) const = default;

  private:
    std::set<char32_t> points_;
};

}  // namespace kiosk::core
