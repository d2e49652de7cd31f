// Staff: the menu.
#include "kiosk/ui/screens/staff/staff_menu.hpp"

#include "kiosk/core/calendar.hpp"
#include "kiosk/core/staff_views.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

StaffChoice draw_staff_menu(Context& ctx, KineticScroll& scroll) {
    StaffChoice choice = StaffChoice::none;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "工作人员", {"退出"});
    if (bar.back || bar.action == 0) choice = StaffChoice::exit;

    ScrollView view(ctx, "staff-menu", ImVec2(0, bar.height),
                    ImVec2(ctx.width, ctx.height - bar.height), scroll);
    const ImVec2 o = view.origin();
    float y = pad;
    if (const auto due = core::report_due(ctx.today)) {
        y += paragraph(
                 ctx, ImVec2(o.x + pad, o.y + y), inner,
                 "提醒：" + core::chinese_date(due->due, false) + "前要报送本季度帮办代办台账" +
                     (due->days_left == 0
                          ? "，就是今天。"
                          : "，还有 " + std::to_string(due->days_left) + " 天。点「台账」导出。"),
                 ctx.fonts.heading, c.danger) +
             gap;
    }
    struct Tile {
        const char* label;
        const char* caption;
        StaffChoice choice;
    };
    static constexpr Tile kTiles[] = {
        {"打印机", "缺纸、测试、补打", StaffChoice::printer},
        {"申请队列", "同步、要处理的", StaffChoice::queue},
        {"内容", "版本、更新、U盘", StaffChoice::content},
        {"台账", "查看、导出", StaffChoice::ledger},
        {"公告上墙", "用A4纸打印张贴", StaffChoice::noticeboard},
        {"设备", "网络、磁盘、日志", StaffChoice::device},
        {"设置", "站名、热线、音量", StaffChoice::settings},
    };
    const int columns = ctx.landscape() ? 3 : 2;
    const float w = (inner - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float h = 0;
    for (const auto& t : kTiles) h = std::max(h, tile_height(ctx, w, t.label, t.caption));
    int i = 0;
    for (const auto& t : kTiles) {
        const float tx = o.x + pad + static_cast<float>(i % columns) * (w + gap);
        const float ty = o.y + y + static_cast<float>(i / columns) * (h + gap);
        if (tile(ctx, ImVec2(tx, ty), ImVec2(w, h), t.label, t.caption)) choice = t.choice;
        ++i;
    }
    const int rows = (i + columns - 1) / columns;
    y += static_cast<float>(rows) * (h + gap);
    y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), inner, "两分钟没人碰，会自动退出工作人员模式。",
                   ctx.fonts.body, c.text_muted);
    view.set_content_height(y + pad);
    return choice;
}

}  // namespace kiosk::ui
