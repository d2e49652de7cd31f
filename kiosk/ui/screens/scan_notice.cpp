// The message shown when something is scanned that the kiosk has no flow for. The payload is not
// shown: it may be personal, and the next person may be standing behind.
#include "kiosk/ui/screens/scan_notice.hpp"

#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

bool draw_scan_notice(Context& ctx, std::string_view title, std::string_view body) {
    const auto& c = ctx.theme.colors;
    auto* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ctx.width, ctx.height), IM_COL32(0, 0, 0, 140));

    const float pad = ctx.px(ctx.theme.padding);
    const float card_w = std::min(ctx.width - pad * 2, ctx.px(640));
    const float text_w = card_w - pad * 2;
    const float body_h = paragraph_height(ctx.fonts.body, body, text_w);
    const float button_h = ctx.px(ctx.theme.min_touch_target);
    const float card_h = pad + ctx.fonts.title->FontSize + pad + body_h + pad + button_h + pad;
    const ImVec2 card((ctx.width - card_w) / 2, (ctx.height - card_h) / 2);
    panel(ctx, card, ImVec2(card_w, card_h), c.surface, c.border);
    float y = card.y + pad;
    text_at(ctx, ImVec2(card.x + pad, y), title, ctx.fonts.title, c.text);
    y += ctx.fonts.title->FontSize + pad;
    y += paragraph(ctx, ImVec2(card.x + pad, y), text_w, body, ctx.fonts.body, c.text) + pad;
    return button(ctx, ImVec2(card.x + pad, y), ImVec2(text_w, button_h), "知道了");
}

}  // namespace kiosk::ui
