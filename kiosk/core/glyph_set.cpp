// The set of characters the kiosk must be able to draw.
#include "kiosk/core/glyph_set.hpp"

#include "base/utf8.hpp"

namespace kiosk::core {

GlyphSet::GlyphSet() {
    for (char32_t c = 0x20; c < 0x7F; ++c) points_.insert(c);
    // The ellipsis marks text cut short.
    points_.insert(U'\u2026');
}

void GlyphSet::add_text(std::string_view utf8) {
    for (const char32_t cp : base::utf8::decode(utf8)) add(cp);
}

void GlyphSet::add(char32_t cp) {
    // Control characters are never drawn.
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return;
    points_.insert(cp);
}

}  // namespace kiosk::core
