// Applies a theme to ImGui's style, scaled to the screen.
#include "kiosk/ui/theme_style.hpp"

namespace kiosk::ui {

ImU32 to_u32(themes::Rgba c) {
    return IM_COL32(c.r, c.g, c.b, c.a);
}

ImVec4 to_vec4(themes::Rgba c) {
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

void apply_theme(const themes::Theme& theme, float scale, ImGuiStyle& style) {
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.FramePadding = ImVec2(theme.padding * scale, theme.padding * scale / 2);
    style.ItemSpacing = ImVec2(theme.gap * scale, theme.gap * scale);
    style.FrameRounding = theme.rounding * scale;
    style.ScrollbarSize = 0;  // scrolling is by dragging; a bar is too thin for a finger
    style.TouchExtraPadding = ImVec2(4 * scale, 4 * scale);
    const auto& c = theme.colors;
    style.Colors[ImGuiCol_WindowBg] = to_vec4(c.background);
    style.Colors[ImGuiCol_Text] = to_vec4(c.text);
    style.Colors[ImGuiCol_TextDisabled] = to_vec4(c.text_muted);
    style.Colors[ImGuiCol_Button] = to_vec4(c.accent);
    style.Colors[ImGuiCol_ButtonHovered] = to_vec4(c.accent);
    style.Colors[ImGuiCol_ButtonActive] = to_vec4(c.tile_pressed);
    style.Colors[ImGuiCol_Border] = to_vec4(c.border);
}

}  // namespace kiosk::ui
