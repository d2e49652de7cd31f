// Tests kiosk/core/glyph_set: the characters the font atlas must hold.
#include <doctest/doctest.h>

#include "kiosk/core/glyph_set.hpp"

TEST_CASE("a glyph set holds ASCII and every character added, once") {
    kiosk::core::GlyphSet set;
    const auto ascii = set.size();
    CHECK(set.contains(U'A'));
    CHECK(set.contains(U'9'));
    set.add_text("低保低保\n\t");
    CHECK(set.size() == ascii + 2);  // controls are never drawn, repeats count once
    CHECK(set.contains(U'低'));
    CHECK_FALSE(set.contains(U'\n'));
}
