// A request as the resident sees it.
#include "kiosk/ui/screens/request_status.hpp"

#include "kiosk/core/calendar.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

struct Words {
    std::string state;
    std::string detail;
};

Words words_for(const core::RequestView& r) {
    using Stage = core::RequestView::Stage;
    switch (r.stage) {
        case Stage::needs_attention:
            return {"提交遇到问题", "县里没有收下这个申请。工作人员会处理，并告诉您。"};
        case Stage::waiting_to_send:
            return {"已保存，正在送往县里", "网络不好时会自动再送，不会丢。"};
        case Stage::accepted:
            return {"已受理", r.reply_text};
        case Stage::in_progress:
            return {"办理中", r.reply_text};
        case Stage::done:
            return {"办结", "办理结果：" + r.reply_text};
        case Stage::terminated:
            return {"已终止", "原因：" + r.reply_text};
        case Stage::received:
            break;
    }
    return {"县里已收到", "正在等待受理。"};
}

}  // namespace

RequestStatusResult draw_request_status(Context& ctx, const core::RequestView& r) {
    RequestStatusResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "办理进度");
    result.home = bar.back;
    float y = bar.height + pad;
    y += paragraph(ctx, ImVec2(pad, y), inner, r.item_name + " · " + r.service, ctx.fonts.heading,
                   c.text) +
         ctx.px(8);
    y += paragraph(ctx, ImVec2(pad, y), inner, "回执号：" + r.request_no, ctx.fonts.body,
                   c.text_muted) +
         gap;
    const auto w = words_for(r);
    y += paragraph(ctx, ImVec2(pad, y), inner, w.state, ctx.fonts.title, c.accent) + ctx.px(8);
    if (!w.detail.empty())
        y += paragraph(ctx, ImVec2(pad, y), inner, w.detail, ctx.fonts.heading, c.text) + ctx.px(8);
    if (!r.replied_at.empty()) {
        // "2026-11-22T17:21:00+08:00" as a resident reads it: 2026年11月22日 17:21.
        std::string when = r.replied_at.substr(0, 16);
        if (const auto d = base::parse_date(r.replied_at.substr(0, 10));
            d && r.replied_at.size() >= 16) {
            when = std::to_string(d->year) + "年" + core::chinese_date(*d, false) + " " +
                   r.replied_at.substr(11, 5);
        }
        y += paragraph(ctx, ImVec2(pad, y), inner, "回复时间：" + when, ctx.fonts.body,
                       c.text_muted) +
             gap;
    }
    if (r.stage == core::RequestView::Stage::done) {
        if (!r.can_rate()) {
            y += paragraph(ctx, ImVec2(pad, y), inner, "谢谢您的评价！", ctx.fonts.heading,
                           c.accent) +
                 gap;
        } else {
            y += paragraph(ctx, ImVec2(pad, y), inner, "这次办得怎么样？点一下告诉我们。",
                           ctx.fonts.heading, c.text) +
                 gap;
            const float bw = (inner - gap * 2) / 3;
            const float bh = ctx.px(ctx.theme.min_touch_target) * 1.2f;
            static constexpr std::pair<const char*, const char*> kRatings[] = {
                {"满意", "satisfied"},
                {"基本满意", "basically_satisfied"},
                {"不满意", "dissatisfied"}};
            for (int i = 0; i < 3; ++i) {
                if (button(ctx, ImVec2(pad + static_cast<float>(i) * (bw + gap), y), ImVec2(bw, bh),
                           kRatings[i].first,
                           i == 0 ? ButtonKind::primary : ButtonKind::secondary)) {
                    result.rating = kRatings[i].second;
                }
            }
        }
    }
    const float top = ctx.height - bottom_bar_height(ctx);
    bottom_bar_background(ctx, top);
    result.home |=
        button(ctx, ImVec2(pad, top + pad), ImVec2(inner, ctx.px(ctx.theme.min_touch_target)),
               "回到首页", ButtonKind::secondary);
    return result;
}

}  // namespace kiosk::ui
