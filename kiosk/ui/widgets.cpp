// Touch widgets drawn with ImGui's draw list; hit-testing through invisible buttons.
#include "kiosk/ui/widgets.hpp"

#include <algorithm>

#include "kiosk/ui/theme_style.hpp"

namespace kiosk::ui {
namespace {

const char* end_of(std::string_view s) {
    return s.data() + s.size();
}

// An invisible button covering the rectangle; the label is the ImGui ID so each is distinct.
bool hit_area(ImVec2 pos, ImVec2 size, std::string_view id, bool* held) {
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushID(id.data(), end_of(id));
    const bool pressed = ImGui::InvisibleButton("##hit", size);
    *held = ImGui::IsItemActive();
    ImGui::PopID();
    return pressed;
}

ImVec2 enforce_touch_target(const Context& ctx, ImVec2 size) {
    const float min = ctx.px(ctx.theme.min_touch_target);
    return ImVec2(std::max(size.x, min), std::max(size.y, min));
}

}  // namespace

ImVec2 measure(ImFont* font, std::string_view text, float width) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, text.data(), end_of(text));
}

ImVec2 text_at(Context& ctx, ImVec2 pos, std::string_view text, ImFont* font, themes::Rgba color) {
    const ImVec2 size = measure(font, text);
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, to_u32(color), text.data(),
                                        end_of(text));
    ctx.labels.add(text, pos.x, pos.y, size.x, size.y, false);
    return size;
}

float paragraph(Context& ctx, ImVec2 pos, float width, std::string_view text, ImFont* font,
                themes::Rgba color) {
    const ImVec2 size = measure(font, text, width);
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, to_u32(color), text.data(),
                                        end_of(text), width);
    ctx.labels.add(text, pos.x, pos.y, size.x, size.y, false);
    return size.y;
}

void panel(Context& ctx, ImVec2 pos, ImVec2 size, themes::Rgba fill, themes::Rgba border) {
    auto* dl = ImGui::GetWindowDrawList();
    const float r = ctx.px(ctx.theme.rounding);
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, end, to_u32(fill), r);
    if (border.a > 0) dl->AddRect(pos, end, to_u32(border), r, 0, std::max(1.0f, ctx.px(2)));
}

bool tile(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label, std::string_view caption,
          bool active) {
    size = enforce_touch_target(ctx, size);
    bool held = false;
    const bool tapped = hit_area(pos, size, label, &held);
    const auto& c = ctx.theme.colors;
    const themes::Rgba fill = held ? c.tile_pressed : (active ? c.notice : c.tile);
    panel(ctx, pos, size, fill, active ? c.accent : c.border);
    // A coloured band on the left edge tells a tile from plain text at a glance.
    auto* dl = ImGui::GetWindowDrawList();
    const float band = ctx.px(10);
    dl->AddRectFilled(pos, ImVec2(pos.x + band, pos.y + size.y), to_u32(c.accent),
                      ctx.px(ctx.theme.rounding), ImDrawFlags_RoundCornersLeft);

    const float pad = ctx.px(ctx.theme.padding);
    const float inner_w = size.x - pad * 2 - band;
    const ImVec2 label_size = measure(ctx.fonts.tile, label, inner_w);
    const ImVec2 caption_size =
        caption.empty() ? ImVec2(0, 0) : measure(ctx.fonts.body, caption, inner_w);
    const float spacing = caption.empty() ? 0 : ctx.px(8);
    float y = pos.y + (size.y - label_size.y - spacing - caption_size.y) / 2;
    const float x = pos.x + band + pad;
    dl->AddText(ctx.fonts.tile, ctx.fonts.tile->FontSize, ImVec2(x, y), to_u32(c.tile_text),
                label.data(), end_of(label), inner_w);
    y += label_size.y + spacing;
    if (!caption.empty()) {
        dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(x, y), to_u32(c.text_muted),
                    caption.data(), end_of(caption), inner_w);
    }
    ctx.labels.add(label, pos.x, pos.y, size.x, size.y, true);
    if (!caption.empty()) ctx.labels.add(caption, x, y, caption_size.x, caption_size.y, false);
    return tapped;
}

bool button(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label, ButtonKind kind) {
    size = enforce_touch_target(ctx, size);
    bool held = false;
    const bool tapped = hit_area(pos, size, label, &held);
    const auto& c = ctx.theme.colors;
    const bool primary = kind == ButtonKind::primary;
    themes::Rgba fill = primary ? c.accent : c.surface;
    if (held) fill = c.tile_pressed;
    panel(ctx, pos, size, fill, primary ? fill : c.accent);
    const ImVec2 text = measure(ctx.fonts.heading, label);
    const ImVec2 at(pos.x + (size.x - text.x) / 2, pos.y + (size.y - text.y) / 2);
    const themes::Rgba ink = primary && !held ? c.accent_text : c.accent;
    ImGui::GetWindowDrawList()->AddText(ctx.fonts.heading, ctx.fonts.heading->FontSize, at,
                                        to_u32(ink), label.data(), end_of(label));
    ctx.labels.add(label, pos.x, pos.y, size.x, size.y, true);
    return tapped;
}

}  // namespace kiosk::ui
