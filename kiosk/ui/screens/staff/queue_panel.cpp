// Staff: the 帮办代办 queue.
#include "kiosk/ui/screens/staff/queue_panel.hpp"

#include "kiosk/core/calendar.hpp"

namespace kiosk::ui {
namespace {

std::string submitted_words(const core::RequestView& r) {
    return staff_time(r.submitted_at);
}

}  // namespace

void QueuePanel::enter(Context& ctx, core::StaffService& staff) {
    summary_ = staff.queue(ctx.today, ctx.content->calendar);
    message_.clear();
    scroll_.reset();
}

PanelResult QueuePanel::draw(Context& ctx, core::StaffService& staff) {
    PanelResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "帮办代办队列");
    result.back = bar.back;
    const auto sync = staff.sync_state();

    const float buttons_y = ctx.height - pad - staff_buttons_height(ctx);
    {
        ScrollView view(ctx, "queue", ImVec2(0, bar.height),
                        ImVec2(ctx.width, buttons_y - bar.height - gap), scroll_);
        const ImVec2 o = view.origin();
        const float x = o.x + pad;
        float y = o.y + pad;
        if (!sync.county) {
            y += paragraph(
                     ctx, ImVec2(x, y), inner,
                     "没有设置县里的地址（[county] url）：申请都存在本机，设置好以后会自动送出。",
                     ctx.fonts.body, c.danger) +
                 gap;
        } else {
            y += staff_fact(ctx, ImVec2(x, y), inner, "上次送达", staff_time(sync.last_sync));
            // An error from before the last good pass is history, not trouble.
            const bool trouble = !sync.last_error.empty() && !sync.recovered;
            y += staff_fact(ctx, ImVec2(x, y), inner, "上次出错",
                            sync.last_error.empty() ? "没有"
                            : trouble               ? sync.last_error
                                                    : sync.last_error + "（之后已恢复）",
                            trouble ? c.danger : c.text);
        }
        if (!message_.empty()) {
            y += paragraph(ctx, ImVec2(x, y), inner, message_, ctx.fonts.body, c.accent) + gap;
        }
        const auto* summary = summary_.get();
        if (!summary) {
            y += paragraph(ctx, ImVec2(x, y), inner, "正在读申请记录…", ctx.fonts.heading,
                           c.text_muted);
        } else if (!*summary) {
            y += paragraph(ctx, ImVec2(x, y), inner, summary->error(), ctx.fonts.body, c.danger);
        } else {
            const auto& q = **summary;
            y += gap;
            y += staff_heading(ctx, ImVec2(x, y), inner, "各状态的申请");
            y += staff_fact(ctx, ImVec2(x, y), inner, "待送出",
                            std::to_string(q.waiting_to_send) + " 件",
                            q.waiting_to_send > 0 ? c.danger : c.text);
            y += staff_fact(ctx, ImVec2(x, y), inner, "需处理",
                            std::to_string(q.needs_attention) + " 件",
                            q.needs_attention > 0 ? c.danger : c.text);
            y += staff_fact(ctx, ImVec2(x, y), inner, "县里已收",
                            std::to_string(q.received) + " 件，已受理 " +
                                std::to_string(q.accepted) + " 件，办理中 " +
                                std::to_string(q.in_progress) + " 件");
            y += staff_fact(
                ctx, ImVec2(x, y), inner, "已办完",
                std::to_string(q.done) + " 件，终止 " + std::to_string(q.terminated) + " 件");
            if (q.oldest_waiting) {
                y += staff_fact(ctx, ImVec2(x, y), inner, "最早待送",
                                q.oldest_waiting->request_no + "，" +
                                    submitted_words(*q.oldest_waiting) + " 提交");
            }
            y += gap;
            y += staff_heading(ctx, ImVec2(x, y), inner,
                               "需要处理（" + std::to_string(q.attention.size()) + "）");
            if (q.attention.empty()) {
                y += paragraph(ctx, ImVec2(x, y), inner, "没有。", ctx.fonts.body, c.text_muted) +
                     gap;
            }
            for (const auto& r : q.attention) {
                y += paragraph(ctx, ImVec2(x, y), inner,
                               r.request_no + " · " + r.item_name + " · " + r.service,
                               ctx.fonts.body, c.text);
                y += paragraph(ctx, ImVec2(x, y), inner,
                               "县里说：" + (r.last_error.empty() ? "（没有说明）" : r.last_error),
                               ctx.fonts.body, c.danger) +
                     ctx.px(10);
            }
            y += gap;
            y += staff_heading(ctx, ImVec2(x, y), inner,
                               "超过时限（" + std::to_string(q.overdue.size()) + "）");
            if (q.overdue.empty()) {
                y += paragraph(ctx, ImVec2(x, y), inner, "没有，都在时限内。", ctx.fonts.body,
                               c.text_muted);
            }
            for (const auto& late : q.overdue) {
                y += paragraph(ctx, ImVec2(x, y), inner,
                               late.request.request_no + " · " + late.request.item_name + " · " +
                                   late.request.service,
                               ctx.fonts.body, c.text);
                y += paragraph(ctx, ImVec2(x, y), inner,
                               late.rule + "，应在 " + core::chinese_date(late.due, false) +
                                   " 前，已超 " + std::to_string(late.days_late) +
                                   " 天。请打电话问问县里。",
                               ctx.fonts.body, c.danger) +
                     ctx.px(10);
            }
        }
        view.set_content_height(y - o.y + pad);
    }

    ImGui::BeginDisabled(waiting());
    switch (staff_buttons(ctx, ImVec2(pad, buttons_y), inner, {"立即同步", "刷新"})) {
        case 0:
            message_ = staff.sync_now() ? "已经让它马上和县里同步，过一会点「刷新」看结果。"
                                        : "没有设置县里的地址，送不出去。";
            summary_ = staff.queue(ctx.today, ctx.content->calendar);
            break;
        case 1:
            message_.clear();
            summary_ = staff.queue(ctx.today, ctx.content->calendar);
            break;
        default:
            break;
    }
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
