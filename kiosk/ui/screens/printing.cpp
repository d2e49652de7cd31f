// While and after printing.
#include "kiosk/ui/screens/printing.hpp"

#include <algorithm>

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

PrintingResult draw_printing(Context& ctx, const std::optional<core::PrintJobView>& job) {
    using State = core::PrintJobView::State;
    PrintingResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "打印明白纸");
    result.back = bar.back;

    std::string title, body;
    themes::Rgba title_color = c.text;
    bool show_progress = false;
    const State state = job ? job->state : State::failed;
    switch (state) {
        case State::preparing:
        case State::queued:
        case State::printing:
            title = "正在打印，请稍等";
            body = "纸会从出纸口出来。打完前请别拉纸。";
            show_progress = true;
            break;
        case State::done:
            title = "打好了！";
            body = "请从出纸口取走您的明白纸。拿回家给家里人看看。";
            title_color = c.accent;
            break;
        case State::waiting_for_printer: {
            title = job->for_resident + "，这张还没打完";
            body =
                "已经告诉站里的工作人员了。他们弄好打印机后，会自动重新打一整张给您。您也可以先回首"
                "页看看别的。";
            title_color = c.danger;
            break;
        }
        case State::failed:
            title = "这次没有打印";
            body = "您可以回去再点一次「打印这页」。";
            break;
    }
    float y = bar.height + pad * 2;
    y += paragraph(ctx, ImVec2(pad, y), inner, title, ctx.fonts.title, title_color) + pad;
    y += paragraph(ctx, ImVec2(pad, y), inner, body, ctx.fonts.heading, c.text) + pad * 2;
    if (show_progress && job) {
        const float h = ctx.px(36);
        progress_bar(ctx, ImVec2(pad, y), inner, h, job->fraction);
        y += h + pad;
    }
    const float button_h = ctx.px(ctx.theme.min_touch_target);
    const float top = ctx.height - bottom_bar_height(ctx);
    bottom_bar_background(ctx, top);
    result.home = button(ctx, ImVec2(pad, top + pad), ImVec2(inner, button_h), "回到首页",
                         state == State::done ? ButtonKind::primary : ButtonKind::secondary);
    return result;
}

}  // namespace kiosk::ui
