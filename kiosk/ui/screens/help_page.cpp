// 求助与监督: the station's page on getting help and complaining.
#include "kiosk/ui/screens/help_page.hpp"

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/screens/item_page.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

// Draws the code with a quiet zone of four modules; returns the side length.
float draw_qr(ImVec2 pos, float side, const core::QrMatrix& qr) {
    auto* dl = ImGui::GetWindowDrawList();
    const int total = qr.size + 8;
    const float module = std::floor(side / static_cast<float>(total));
    const float real = module * static_cast<float>(total);
    dl->AddRectFilled(pos, ImVec2(pos.x + real, pos.y + real), IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < qr.size; ++y) {
        for (int x = 0; x < qr.size; ++x) {
            if (!qr.dark(x, y)) continue;
            const ImVec2 a(pos.x + static_cast<float>(x + 4) * module,
                           pos.y + static_cast<float>(y + 4) * module);
            dl->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
        }
    }
    return real;
}

}  // namespace

HelpPageResult draw_help_page(Context& ctx, const core::QrMatrix* county_qr,
                              KineticScroll& scroll) {
    HelpPageResult result;
    const auto& help = ctx.content->help;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, help.title);
    result.back = bar.back;

    ScrollView view(ctx, "help", ImVec2(0, bar.height), ImVec2(ctx.width, ctx.height - bar.height),
                    scroll);
    const ImVec2 o = view.origin();
    float y = pad;

    // The code first: a phone can take it home before anything is read.
    if (county_qr) {
        const float side = std::min(ctx.px(300), inner * 0.5f);
        const float text_w = inner - side - pad * 3;
        const float caption_h = paragraph_height(ctx.fonts.heading, help.qr_caption, text_w);
        const float card_h = std::max(side, caption_h) + pad * 2;
        panel(ctx, ImVec2(o.x + pad, o.y + y), ImVec2(inner, card_h), c.surface, c.border);
        const float real = draw_qr(ImVec2(o.x + pad * 2, o.y + y + pad), side, *county_qr);
        ctx.labels.add("社会救助二维码", o.x + pad * 2, o.y + y + pad, real, real, false);
        paragraph(ctx, ImVec2(o.x + pad * 3 + side, o.y + y + (card_h - caption_h) / 2), text_w,
                  help.qr_caption, ctx.fonts.heading, c.text);
        y += card_h + gap;
    }

    for (const auto& section : help.sections) {
        const float head_h = ctx.fonts.heading->FontSize;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(o.x + pad, o.y + y),
                                                  ImVec2(o.x + pad + ctx.px(8), o.y + y + head_h),
                                                  to_u32(c.accent));
        text_at(ctx, ImVec2(o.x + pad + ctx.px(20), o.y + y), section.heading, ctx.fonts.heading,
                c.text, inner - ctx.px(20));
        y += head_h + ctx.px(16);
        y += content_text(ctx, ImVec2(o.x + pad, o.y + y), inner, section.body) + gap * 1.6f;
    }
    view.set_content_height(y + pad);
    return result;
}

}  // namespace kiosk::ui
