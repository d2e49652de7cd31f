// Touch widgets: large tiles and buttons, text that registers itself by label. Every widget
// records what it shows in ScreenLabels so scripts and tests find it as a person would.
#pragma once

#include <string_view>

#include <imgui.h>

#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

enum class ButtonKind { primary, secondary };

// One line of text at `pos`; returns its size.
ImVec2 text_at(Context& ctx, ImVec2 pos, std::string_view text, ImFont* font, themes::Rgba color);

// Text wrapped to `width`; returns the height used.
float paragraph(Context& ctx, ImVec2 pos, float width, std::string_view text, ImFont* font,
                themes::Rgba color);

// Size of `text` wrapped to `width` (0: no wrapping).
ImVec2 measure(ImFont* font, std::string_view text, float width = 0);

// A filled, rounded rectangle behind other widgets.
void panel(Context& ctx, ImVec2 pos, ImVec2 size, themes::Rgba fill, themes::Rgba border);

// A large tile with a label and a caption; true on the frame it is tapped.
bool tile(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label, std::string_view caption,
          bool active = false);

// A big button; never smaller than the theme's minimum touch target.
bool button(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label,
            ButtonKind kind = ButtonKind::primary);

}  // namespace kiosk::ui
