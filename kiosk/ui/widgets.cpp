// Touch widgets drawn with ImGui's draw list; hit-testing through invisible buttons.
#include "kiosk/ui/widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <array>

#include "base/line_break.hpp"
#include "base/log.hpp"
#include "base/utf8.hpp"
#include "kiosk/ui/pictograms.hpp"
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
    // What was tapped, for staff reading the log and for tests that drive a real window. Only
    // buttons and tiles come here: their labels hold no personal data.
    if (pressed) base::log::debug("ui", "tapped ", id);
    return pressed;
}

ImVec2 enforce_touch_target(const Context& ctx, ImVec2 size) {
    const float min = ctx.px(ctx.theme.min_touch_target);
    return ImVec2(std::max(size.x, min), std::max(size.y, min));
}

std::vector<base::LineSpan> lines_of(ImFont* font, std::string_view text, float width) {
    return base::break_lines(text, width, [font](char32_t cp) {
        return cp <= 0xFFFF ? font->GetCharAdvance(static_cast<ImWchar>(cp))
                            : font->FallbackAdvanceX;
    });
}

float line_height(ImFont* font) {
    return font->FontSize * kLineSpacing;
}

float bullet_indent(ImFont* font) {
    return font->FontSize * 1.1f;
}

}  // namespace

ImVec2 measure(ImFont* font, std::string_view text) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), end_of(text));
}

ImVec2 text_at(Context& ctx, ImVec2 pos, std::string_view text, ImFont* font, themes::Rgba color,
               float max_width) {
    const ImVec2 size = measure(font, text);
    if (max_width > 0 && size.x > max_width + 0.5f) ctx.labels.report_overflow(text);
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, to_u32(color), text.data(),
                                        end_of(text));
    ctx.labels.add(text, pos.x, pos.y, size.x, size.y, false);
    return size;
}

float paragraph_height(ImFont* font, std::string_view text, float width) {
    const auto n = lines_of(font, text, width).size();
    return static_cast<float>(n) * line_height(font) - (line_height(font) - font->FontSize);
}

float paragraph(Context& ctx, ImVec2 pos, float width, std::string_view text, ImFont* font,
                themes::Rgba color) {
    auto* dl = ImGui::GetWindowDrawList();
    float y = pos.y;
    float widest = 0;
    for (const auto& line : lines_of(font, text, width)) {
        const std::string_view part = text.substr(line.begin, line.end - line.begin);
        const float w = measure(font, part).x;
        // Only a single word longer than the whole line can still be too wide.
        if (w > width + 0.5f) ctx.labels.report_overflow(part);
        widest = std::max(widest, w);
        dl->AddText(font, font->FontSize, ImVec2(pos.x, y), to_u32(color), part.data(),
                    end_of(part));
        y += line_height(font);
    }
    const float height = y - pos.y - (line_height(font) - font->FontSize);
    ctx.labels.add(text, pos.x, pos.y, widest, height, false);
    return height;
}

float bullet_height(ImFont* font, std::string_view text, float width) {
    return paragraph_height(font, text, width - bullet_indent(font));
}

float bullet(Context& ctx, ImVec2 pos, float width, std::string_view text, ImFont* font,
             themes::Rgba color) {
    const float r = font->FontSize * 0.14f;
    ImGui::GetWindowDrawList()->AddCircleFilled(
        ImVec2(pos.x + font->FontSize * 0.35f, pos.y + font->FontSize * 0.55f), r,
        to_u32(ctx.theme.colors.accent));
    const float indent = bullet_indent(font);
    return paragraph(ctx, ImVec2(pos.x + indent, pos.y), width - indent, text, font, color);
}

void panel(Context& ctx, ImVec2 pos, ImVec2 size, themes::Rgba fill, themes::Rgba border) {
    auto* dl = ImGui::GetWindowDrawList();
    const float r = ctx.px(ctx.theme.rounding);
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, end, to_u32(fill), r);
    if (border.a > 0) dl->AddRect(pos, end, to_u32(border), r, 0, std::max(1.0f, ctx.px(2)));
}

float tile_height(const Context& ctx, float width, std::string_view label,
                  std::string_view caption) {
    const float pad = ctx.px(ctx.theme.padding);
    const float inner_w = width - pad * 2 - ctx.px(10);
    const float caption_h =
        caption.empty() ? 0 : paragraph_height(ctx.fonts.body, caption, inner_w) + ctx.px(8);
    return paragraph_height(ctx.fonts.tile, label, inner_w) + caption_h + ctx.px(16) * 2;
}

bool tile(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label, std::string_view caption,
          bool active, std::string_view pictogram) {
    size = enforce_touch_target(ctx, size);
    bool held = false;
    const bool tapped = hit_area(pos, size, label, &held);
    const auto& c = ctx.theme.colors;
    const themes::Rgba fill = held ? c.tile_pressed : (active ? c.notice : c.tile);
    panel(ctx, pos, size, fill, active ? c.accent : c.border);
    auto* dl = ImGui::GetWindowDrawList();
    const float pad = ctx.px(ctx.theme.padding);

    if (!pictogram.empty()) {
        // Picture above, name below, both centred: the picture is read before the words.
        const float icon = std::min(size.x, size.y) * 0.46f;
        const float label_h = ctx.fonts.tile->FontSize;
        const float total = icon + ctx.px(10) + label_h;
        const float top = pos.y + (size.y - total) / 2;
        draw_pictogram(dl, pictogram, ImVec2(pos.x + size.x / 2, top + icon / 2), icon, c.accent,
                       c.notice);
        const float label_w = measure(ctx.fonts.tile, label).x;
        text_at(ctx, ImVec2(pos.x + (size.x - label_w) / 2, top + icon + ctx.px(10)), label,
                ctx.fonts.tile, c.tile_text, size.x - ctx.px(8));
        ctx.labels.add(label, pos.x, pos.y, size.x, size.y, true);
        return tapped;
    }

    // A coloured band on the left edge tells a tile from plain text at a glance.
    const float band = ctx.px(10);
    dl->AddRectFilled(pos, ImVec2(pos.x + band, pos.y + size.y), to_u32(c.accent),
                      ctx.px(ctx.theme.rounding), ImDrawFlags_RoundCornersLeft);
    const float inner_w = size.x - pad * 2 - band;
    const float label_h = paragraph_height(ctx.fonts.tile, label, inner_w);
    const float caption_h =
        caption.empty() ? 0 : paragraph_height(ctx.fonts.body, caption, inner_w);
    const float spacing = caption.empty() ? 0 : ctx.px(8);
    if (label_h + spacing + caption_h > size.y - ctx.px(16)) ctx.labels.report_overflow(label);
    float y = pos.y + (size.y - label_h - spacing - caption_h) / 2;
    const float x = pos.x + band + pad;
    y += paragraph(ctx, ImVec2(x, y), inner_w, label, ctx.fonts.tile, c.tile_text) + spacing;
    if (!caption.empty())
        paragraph(ctx, ImVec2(x, y), inner_w, caption, ctx.fonts.body, c.text_muted);
    ctx.labels.add(label, pos.x, pos.y, size.x, size.y, true);
    return tapped;
}

bool button(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label, ButtonKind kind) {
    size = enforce_touch_target(ctx, size);
    bool held = false;
    const bool tapped = hit_area(pos, size, label, &held);
    const auto& c = ctx.theme.colors;
    const bool primary = kind == ButtonKind::primary;
    // A button that cannot be pressed yet must look it: grey, not the inviting accent.
    const bool disabled =
        (ImGui::GetCurrentContext()->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    themes::Rgba fill = disabled ? c.border : (primary ? c.accent : c.surface);
    if (held && !disabled) fill = c.tile_pressed;
    panel(ctx, pos, size, fill, primary || disabled ? fill : c.accent);
    const ImVec2 text = measure(ctx.fonts.heading, label);
    if (text.x > size.x) ctx.labels.report_overflow(label);
    const ImVec2 at(pos.x + (size.x - text.x) / 2, pos.y + (size.y - text.y) / 2);
    const themes::Rgba ink =
        disabled ? c.text_muted : (primary && !held ? c.accent_text : c.accent);
    ImGui::GetWindowDrawList()->AddText(ctx.fonts.heading, ctx.fonts.heading->FontSize, at,
                                        to_u32(ink), label.data(), end_of(label));
    ctx.labels.add(label, pos.x, pos.y, size.x, size.y, true);
    return tapped;
}

float digit_keypad_height(const Context& ctx, float available) {
    const float gap = ctx.px(ctx.theme.gap);
    const float key_h =
        std::clamp((available - gap * 3) / 4, ctx.px(ctx.theme.min_touch_target), ctx.px(150));
    return key_h * 4 + gap * 3;
}

char digit_keypad(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view left,
                  std::string_view right) {
    static constexpr std::array<char, 12> kKeys = {'1', '2', '3', '4', '5', '6',
                                                   '7', '8', '9', 'L', '0', 'R'};
    const float gap = ctx.px(ctx.theme.gap);
    const float key_w = (size.x - gap * 2) / 3;
    const float key_h = (digit_keypad_height(ctx, size.y) - gap * 3) / 4;
    char tapped = 0;
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
        const ImVec2 p(pos.x + static_cast<float>(i % 3) * (key_w + gap),
                       pos.y + static_cast<float>(i / 3) * (key_h + gap));
        const char key = kKeys[i];
        const std::string digit(1, key);
        const std::string_view label = key == 'L' ? left : key == 'R' ? right : digit;
        if (button(ctx, p, ImVec2(key_w, key_h), label, ButtonKind::secondary)) tapped = key;
    }
    return tapped;
}

std::string take_typed_keys() {
    std::string typed;
    auto& queue = ImGui::GetIO().InputQueueCharacters;
    for (const ImWchar ch : queue) {
        if (ch < 128) typed += static_cast<char>(ch);
    }
    queue.resize(0);
    return typed;
}

std::string take_typed_text() {
    std::string typed;
    auto& queue = ImGui::GetIO().InputQueueCharacters;
    for (const ImWchar ch : queue) typed += base::utf8::encode(static_cast<char32_t>(ch));
    queue.resize(0);
    return typed;
}

void progress_bar(Context& ctx, ImVec2 pos, float width, float height, float fraction) {
    const auto& c = ctx.theme.colors;
    auto* dl = ImGui::GetWindowDrawList();
    const float filled = std::max(height, width * std::clamp(fraction, 0.0f, 1.0f));
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), to_u32(c.border), height / 2);
    dl->AddRectFilled(pos, ImVec2(pos.x + filled, pos.y + height), to_u32(c.accent), height / 2);
}

}  // namespace kiosk::ui
