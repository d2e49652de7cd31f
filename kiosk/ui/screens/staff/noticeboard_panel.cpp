// Staff: the noticeboard on A4.
#include "kiosk/ui/screens/staff/noticeboard_panel.hpp"

namespace kiosk::ui {

void NoticeboardPanel::enter() {
    job_.reset();
    message_.clear();
    scroll_.reset();
}

PanelResult NoticeboardPanel::draw(Context& ctx, core::StaffService& staff) {
    PanelResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "公告上墙");
    result.back = bar.back;
    if (const auto* done = job_.get()) {
        message_bad_ = !*done;
        if (*done) {
            message_ = what_ + "已送到办公室打印机（" + (*done)->queue + "），共 " +
                       std::to_string((*done)->pages) + " 页A4纸。";
        } else {
            message_ = done->error().message;
        }
        job_.reset();
    }

    ScrollView view(ctx, "noticeboard", ImVec2(0, bar.height),
                    ImVec2(ctx.width, ctx.height - bar.height), scroll_);
    const ImVec2 o = view.origin();
    const float x = o.x + pad;
    float y = o.y + pad;
    y += paragraph(ctx, ImVec2(x, y), inner,
                   "用站里的办公室打印机，把通知或明白纸打在A4纸上，贴到公示栏。", ctx.fonts.body,
                   c.text_muted) +
         gap;
    if (waiting()) {
        y += paragraph(ctx, ImVec2(x, y), inner, "正在打印" + what_ + "…", ctx.fonts.heading,
                       c.text_muted) +
             gap;
    } else if (!message_.empty()) {
        y += paragraph(ctx, ImVec2(x, y), inner, message_, ctx.fonts.heading,
                       message_bad_ ? c.danger : c.accent) +
             gap;
    }
    ImGui::BeginDisabled(waiting());
    auto choice = [&](const std::string& label, const std::string& what) {
        if (button(ctx, ImVec2(x, y), ImVec2(inner, touch), label,
                   what == core::kNoticesTarget ? ButtonKind::primary : ButtonKind::secondary)) {
            what_ = "「" + label + "」";
            message_.clear();
            job_ = staff.print_a4(*ctx.content, what, ctx.today);
        }
        y += touch + gap / 2;
    };
    choice("通知公告", std::string(core::kNoticesTarget));
    y += gap / 2;
    for (const auto& item : ctx.content->items) choice(item.name, item.id);
    ImGui::EndDisabled();
    view.set_content_height(y - o.y + pad);
    return result;
}

}  // namespace kiosk::ui
