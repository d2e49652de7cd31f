// The pieces every staff panel draws with.
#include "kiosk/ui/screens/staff/staff_page.hpp"

#include <algorithm>
#include <string>

#include "base/date.hpp"

namespace kiosk::ui {

float staff_fact(Context& ctx, ImVec2 pos, float width, std::string_view label,
                 std::string_view value, themes::Rgba value_color) {
    const auto& c = ctx.theme.colors;
    // The label column fits four characters of body text; values wrap beside it.
    const float label_w = measure(ctx.fonts.body, "四个汉字").x + ctx.px(16);
    text_at(ctx, pos, label, ctx.fonts.body, c.text_muted, label_w);
    const float h = paragraph(ctx, ImVec2(pos.x + label_w, pos.y), width - label_w,
                              value.empty() ? "—" : value, ctx.fonts.body, value_color);
    return std::max(h, ctx.fonts.body->FontSize * kLineSpacing) + ctx.px(6);
}

float staff_fact(Context& ctx, ImVec2 pos, float width, std::string_view label,
                 std::string_view value) {
    return staff_fact(ctx, pos, width, label, value, ctx.theme.colors.text);
}

float staff_heading(Context& ctx, ImVec2 pos, float width, std::string_view text) {
    return paragraph(ctx, pos, width, text, ctx.fonts.heading, ctx.theme.colors.text) + ctx.px(8);
}

float staff_buttons_height(const Context& ctx) {
    return ctx.px(ctx.theme.min_touch_target);
}

int staff_buttons(Context& ctx, ImVec2 pos, float width,
                  std::initializer_list<std::string_view> labels) {
    const float gap = ctx.px(ctx.theme.gap);
    const float n = static_cast<float>(labels.size());
    const float w = (width - gap * (n - 1)) / n;
    int i = 0, tapped = -1;
    for (const auto label : labels) {
        if (button(ctx, ImVec2(pos.x + static_cast<float>(i) * (w + gap), pos.y),
                   ImVec2(w, staff_buttons_height(ctx)), label,
                   i == 0 ? ButtonKind::primary : ButtonKind::secondary)) {
            tapped = i;
        }
        ++i;
    }
    return tapped;
}

std::string staff_time(std::string_view t) {
    if (t.empty()) return "还没有";
    const auto date = t.size() >= 16 ? base::parse_date(t.substr(0, 10)) : std::nullopt;
    if (!date) return std::string(t);
    std::string out = std::to_string(date->month) + "月" + std::to_string(date->day) + "日 " +
                      std::string(t.substr(11, 5));
    if (t.ends_with("Z")) out += "（UTC）";
    return out;
}

}  // namespace kiosk::ui
