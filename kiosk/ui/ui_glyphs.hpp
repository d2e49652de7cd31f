// The non-ASCII characters of the UI's own sources, gathered at build time by glyphscan.
#pragma once

#include <string_view>

namespace kiosk::ui {

std::string_view ui_source_glyphs();

}  // namespace kiosk::ui
