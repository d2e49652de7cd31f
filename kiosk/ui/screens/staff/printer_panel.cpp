// Staff: the printer.
#include "kiosk/ui/screens/staff/printer_panel.hpp"

#include <cmath>

namespace kiosk::ui {
namespace {

struct Words {
    std::string state;
    std::string next;  // what to do now; "" when nothing
    bool bad = false;
};

Words words_for(const core::StaffService::PrinterState& s) {
    if (!s.available) {
        return {"这台机器没有能用的打印机", "请县里的工程师检查打印机设置（[printer]）。", true};
    }
    if (s.state_word == "waiting" && s.last) {
        return {s.last->for_resident,
                "打印机没纸了就换一卷纸，然后点「已换纸」；盖子开着就合上。弄好后没打完的那张会自动"
                "再打。",
                true};
    }
    if (s.state_word == "failed") {
        const std::string why = s.last ? s.last->problem : "";
        return {"上一张没打出来" + (why.empty() ? "" : "（" + why + "）"),
                "请看看打印机的电源和线，然后点「打测试页」试一下。", true};
    }
    if (s.state_word == "printing") return {"正在打印", "", false};
    return {"打印机正常", "", false};
}

std::string job_words(const core::PrintJobView& v) {
    using State = core::PrintJobView::State;
    switch (v.state) {
        case State::preparing:
        case State::queued:
        case State::printing:
            return "正在打印…";
        case State::done:
            return "打好了";
        case State::waiting_for_printer:
            return "在等打印机：" + v.for_resident;
        case State::failed:
            return "没打出来：" + v.problem;
    }
    return {};
}

}  // namespace

void PrinterPanel::enter(core::StaffService& staff) {
    state_ = staff.printer_state();
    refilled_.reset();
    reprint_.reset();
    job_.reset();
    message_.clear();
    scroll_.reset();
}

bool PrinterPanel::waiting() const {
    return (state_.asked() && !state_.ready()) || (refilled_.asked() && !refilled_.ready()) ||
           (reprint_.asked() && !reprint_.ready());
}

PanelResult PrinterPanel::draw(Context& ctx, core::StaffService& staff) {
    PanelResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "打印机");
    result.back = bar.back;

    // What the staff asked for, once done.
    if (const auto* done = refilled_.get()) {
        message_ = *done ? "好了，纸的计数从整卷重新算。" : "这台机器没有打印机。";
        refilled_.reset();
        state_ = staff.printer_state();
    }
    if (const auto* done = reprint_.get()) {
        if (*done) {
            job_ = **done;
            job_label_ = "补打回执";
        } else {
            message_ = done->error();
        }
        reprint_.reset();
    }
    auto* printing = staff.printing();
    // The printer's state follows the job staff started.
    std::string job_line;
    if (job_ && printing) {
        if (const auto view = printing->job(*job_)) {
            job_line = job_label_ + "：" + job_words(*view);
            if (view->state == core::PrintJobView::State::done ||
                view->state == core::PrintJobView::State::failed) {
                if (!state_.asked() || state_.ready()) state_ = staff.printer_state();
                job_.reset();
                message_ = job_line;
                job_line.clear();
            }
        }
    }

    const float buttons_y = ctx.height - pad - staff_buttons_height(ctx) * 2 - gap;
    {
        ScrollView view(ctx, "printer", ImVec2(0, bar.height),
                        ImVec2(ctx.width, buttons_y - bar.height - gap), scroll_);
        const ImVec2 o = view.origin();
        float y = pad;
        const auto* s = state_.get();
        if (!s) {
            y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), inner, "正在看打印机…",
                           ctx.fonts.heading, c.text_muted);
        } else {
            const auto w = words_for(*s);
            y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), inner, w.state, ctx.fonts.title,
                           w.bad ? c.danger : c.accent) +
                 ctx.px(8);
            if (!w.next.empty()) {
                y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), inner, w.next, ctx.fonts.heading,
                               c.text) +
                     gap;
            }
            if (s->available) {
                const int left = static_cast<int>(std::lround(s->paper_left_m));
                const int roll = static_cast<int>(std::lround(s->roll_m));
                const bool low = s->paper_left_m < s->roll_m * 0.1;
                y += staff_fact(ctx, ImVec2(o.x + pad, o.y + y), inner, "纸",
                                "大约还剩 " + std::to_string(left) + " 米（一卷 " +
                                    std::to_string(roll) + " 米）" + (low ? "，快用完了" : ""),
                                low ? c.danger : c.text);
                y += staff_fact(ctx, ImVec2(o.x + pad, o.y + y), inner, "连接", s->transport);
                y += staff_fact(ctx, ImVec2(o.x + pad, o.y + y), inner, "型号", s->profile);
            }
        }
        if (!job_line.empty()) {
            y += gap + paragraph(ctx, ImVec2(o.x + pad, o.y + y + gap), inner, job_line,
                                 ctx.fonts.heading, c.text);
        }
        if (!message_.empty()) {
            y += gap + paragraph(ctx, ImVec2(o.x + pad, o.y + y + gap), inner, message_,
                                 ctx.fonts.heading, c.accent);
        }
        view.set_content_height(y + pad);
    }

    const bool busy = waiting() || job_.has_value();
    ImGui::BeginDisabled(busy || !printing);
    switch (staff_buttons(ctx, ImVec2(pad, buttons_y), inner, {"已换纸", "打测试页"})) {
        case 0:
            message_.clear();
            refilled_ = staff.paper_refilled();
            break;
        case 1:
            message_.clear();
            job_ = staff.test_print(ctx.today);
            job_label_ = "测试页";
            break;
        default:
            break;
    }
    switch (staff_buttons(ctx, ImVec2(pad, buttons_y + staff_buttons_height(ctx) + gap), inner,
                          {"补打上一张回执", "刷新"})) {
        case 0:
            message_.clear();
            reprint_ = staff.reprint_last_receipt();
            break;
        case 1:
            message_.clear();
            state_ = staff.printer_state();
            break;
        default:
            break;
    }
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
