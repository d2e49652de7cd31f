// Applies a theme to ImGui's style, scaled to the screen.
#pragma once

#include <imgui.h>

#include "themes/theme.hpp"

namespace kiosk::ui {

ImU32 to_u32(themes::Rgba c);
ImVec4 to_vec4(themes::Rgba c);
void apply_theme(const themes::Theme& theme, float scale, ImGuiStyle& style);

}  // namespace kiosk::ui
