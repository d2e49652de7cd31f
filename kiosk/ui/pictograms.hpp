// Pictograms for the assistance items, drawn as vectors so they stay sharp at any size: a
// picture is understood before a word is read.
#pragma once

#include <string_view>

#include <imgui.h>

#include "themes/theme.hpp"

namespace kiosk::ui {

// Names: bowl elder family scale hand medical school house work disaster. An unknown name
// draws the backdrop only.
void draw_pictogram(ImDrawList* dl, std::string_view name, ImVec2 center, float size,
                    themes::Rgba ink, themes::Rgba backdrop);

}  // namespace kiosk::ui
