// An item's page: the plain summary, then every section.
#include "kiosk/ui/screens/item_page.hpp"

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/pictograms.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

float content_text(Context& ctx, ImVec2 pos, float width, std::string_view body) {
    const auto& c = ctx.theme.colors;
    float y = 0;
    const float spacing = ctx.px(14);
    for (const auto& block : core::parse_blocks(body)) {
        const ImVec2 at(pos.x, pos.y + y);
        y += (block.kind == core::TextBlock::Kind::bullet
                  ? bullet(ctx, at, width, block.text, ctx.fonts.body, c.text)
                  : paragraph(ctx, at, width, block.text, ctx.fonts.body, c.text)) +
             spacing;
    }
    return y > 0 ? y - spacing : 0;
}

ItemPageResult draw_item_page(Context& ctx, const core::Item& item, KineticScroll& scroll) {
    ItemPageResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    // Landscape has little height: 「回到首页」 moves up into the top bar.
    const bool wide = ctx.landscape();
    const bool can_print = ctx.printing != nullptr;
    TopBar bar;
    if (wide && can_print) {
        bar = top_bar(ctx, item.name, {"打印这页", "回到首页"});
        result.print = bar.action == 0;
        result.home = bar.action == 1;
    } else if (wide) {
        bar = top_bar(ctx, item.name, {"回到首页"});
        result.home = bar.action == 0;
    } else {
        bar = top_bar(ctx, item.name);
    }
    result.back = bar.back;
    const float bottom_top = wide ? ctx.height : ctx.height - bottom_bar_height(ctx);

    {
        ScrollView view(ctx, "item", ImVec2(0, bar.height),
                        ImVec2(ctx.width, bottom_top - bar.height), scroll);
        const ImVec2 o = view.origin();
        float y = pad;

        // The summary first, large, beside the item's picture: enough for many to stop here.
        const float icon = ctx.px(120);
        const float text_w = inner - pad * 3 - icon;
        const float summary_h =
            std::max(icon, paragraph_height(ctx.fonts.heading, item.summary, text_w));
        panel(ctx, ImVec2(o.x + pad, o.y + y), ImVec2(inner, summary_h + pad * 2), c.notice,
              {0, 0, 0, 0});
        draw_pictogram(ImGui::GetWindowDrawList(), item.pictogram,
                       ImVec2(o.x + pad * 2 + icon / 2, o.y + y + pad + icon / 2), icon, c.accent,
                       c.surface);
        paragraph(ctx, ImVec2(o.x + pad * 3 + icon, o.y + y + pad), text_w, item.summary,
                  ctx.fonts.heading, c.notice_text);
        y += summary_h + pad * 2 + gap;

        if (ctx.content->info.sample) {
            y += paragraph(
                     ctx, ImVec2(o.x + pad, o.y + y), inner,
                     "这是" + ctx.content->info.county + "的样例内容，金额和电话以本县公布为准。",
                     ctx.fonts.body, c.text_muted) +
                 gap;
        }

        for (const auto& section : item.sections) {
            const auto& info = core::section_info(section.kind);
            const float head_h = ctx.fonts.heading->FontSize;
            ImGui::GetWindowDrawList()->AddRectFilled(
                ImVec2(o.x + pad, o.y + y), ImVec2(o.x + pad + ctx.px(8), o.y + y + head_h),
                to_u32(c.accent));
            text_at(ctx, ImVec2(o.x + pad + ctx.px(20), o.y + y), info.title, ctx.fonts.heading,
                    c.text, inner - ctx.px(20));
            y += head_h + ctx.px(16);
            y += content_text(ctx, ImVec2(o.x + pad, o.y + y), inner, section.body) + gap * 1.6f;
        }
        y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), inner,
                       ctx.content->info.publisher + "发布 · 内容版本 " +
                           std::to_string(ctx.content->info.version),
                       ctx.fonts.body, c.text_muted) +
             pad;
        view.set_content_height(y);
    }

    // 「读给我听」 joins this bar when read-aloud exists.
    if (!wide) {
        bottom_bar_background(ctx, bottom_top);
        const float button_h = ctx.px(ctx.theme.min_touch_target);
        if (can_print) {
            const float half = (ctx.width - pad * 3) / 2;
            result.home |= button(ctx, ImVec2(pad, bottom_top + pad), ImVec2(half, button_h),
                                  "回到首页", ButtonKind::secondary);
            result.print |= button(ctx, ImVec2(pad * 2 + half, bottom_top + pad),
                                   ImVec2(half, button_h), "打印这页");
        } else {
            result.home |=
                button(ctx, ImVec2(pad, bottom_top + pad), ImVec2(ctx.width - pad * 2, button_h),
                       "回到首页", ButtonKind::secondary);
        }
    }
    return result;
}

}  // namespace kiosk::ui
