// Staff: the ledger.
#include "kiosk/ui/screens/staff/ledger_panel.hpp"

#include "kiosk/core/request_service.hpp"

namespace kiosk::ui {

std::string previous_quarter(const std::string& quarter) {
    const int year = std::stoi(quarter.substr(0, 4)), q = quarter[5] - '0';
    return q == 1 ? std::to_string(year - 1) + "Q4"
                  : std::to_string(year) + "Q" + std::to_string(q - 1);
}

std::string next_quarter(const std::string& quarter) {
    const int year = std::stoi(quarter.substr(0, 4)), q = quarter[5] - '0';
    return q == 4 ? std::to_string(year + 1) + "Q1"
                  : std::to_string(year) + "Q" + std::to_string(q + 1);
}

void LedgerPanel::enter(Context& ctx, core::StaffService& staff) {
    quarter_ = core::quarter_of(ctx.today);
    message_.clear();
    export_.reset();
    scroll_.reset();
    load(staff);
}

void LedgerPanel::load(core::StaffService& staff) {
    rows_ = staff.ledger(quarter_);
}

bool LedgerPanel::waiting() const {
    return (rows_.asked() && !rows_.ready()) || (export_.asked() && !export_.ready());
}

PanelResult LedgerPanel::draw(Context& ctx, core::StaffService& staff) {
    PanelResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const std::string title =
        "台账 " + quarter_.substr(0, 4) + "年第" + quarter_.substr(5) + "季度";
    const auto bar = top_bar(ctx, title);
    result.back = bar.back;
    if (const auto* done = export_.get()) {
        message_bad_ = !*done;
        message_ = *done ? "已存到U盘：" + (*done)->filename().string() : done->error();
        export_.reset();
    }

    const float buttons_y = ctx.height - pad - staff_buttons_height(ctx) * 2 - gap;
    {
        ScrollView view(ctx, "ledger", ImVec2(0, bar.height),
                        ImVec2(ctx.width, buttons_y - bar.height - gap), scroll_);
        const ImVec2 o = view.origin();
        const float x = o.x + pad;
        float y = o.y + pad;
        if (const auto due = core::report_due(ctx.today)) {
            y += paragraph(ctx, ImVec2(x, y), inner,
                           "提醒：" + core::chinese_date(due->due, false) +
                               "前要把本季度台账报给镇里" +
                               (due->days_left == 0
                                    ? "，就是今天。"
                                    : "，还有 " + std::to_string(due->days_left) + " 天。"),
                           ctx.fonts.body, c.danger) +
                 gap;
        }
        if (!message_.empty()) {
            y += paragraph(ctx, ImVec2(x, y), inner, message_, ctx.fonts.heading,
                           message_bad_ ? c.danger : c.accent) +
                 gap;
        }
        const auto* rows = rows_.get();
        if (!rows) {
            y +=
                paragraph(ctx, ImVec2(x, y), inner, "正在读台账…", ctx.fonts.heading, c.text_muted);
        } else if (!*rows) {
            y += paragraph(ctx, ImVec2(x, y), inner, rows->error(), ctx.fonts.body, c.danger);
        } else if ((*rows)->empty()) {
            y += paragraph(ctx, ImVec2(x, y), inner, "这个季度还没有帮办代办的申请。",
                           ctx.fonts.heading, c.text_muted);
        } else {
            y +=
                paragraph(ctx, ImVec2(x, y), inner, "共 " + std::to_string((*rows)->size()) + " 件",
                          ctx.fonts.heading, c.text) +
                ctx.px(8);
            int n = 0;
            for (const auto& r : **rows) {
                y += paragraph(ctx, ImVec2(x, y), inner,
                               std::to_string(++n) + ". " + r.item_name + " · " + r.service +
                                   " · " + r.id_masked,
                               ctx.fonts.body, c.text);
                y +=
                    paragraph(ctx, ImVec2(x + ctx.px(24), y), inner - ctx.px(24),
                              staff_time(r.submitted_at) + " 受理；" + core::ledger_result_words(r),
                              ctx.fonts.body, c.text_muted) +
                    ctx.px(10);
            }
        }
        view.set_content_height(y - o.y + pad);
    }

    ImGui::BeginDisabled(waiting());
    switch (staff_buttons(ctx, ImVec2(pad, buttons_y), inner, {"导出到U盘"})) {
        case 0:
            message_.clear();
            export_ = staff.export_ledger(quarter_);
            break;
        default:
            break;
    }
    switch (staff_buttons(ctx, ImVec2(pad, buttons_y + staff_buttons_height(ctx) + gap), inner,
                          {"上一季度", "下一季度"})) {
        case 0:
            quarter_ = previous_quarter(quarter_);
            message_.clear();
            load(staff);
            break;
        case 1:
            quarter_ = next_quarter(quarter_);
            message_.clear();
            load(staff);
            break;
        default:
            break;
    }
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
