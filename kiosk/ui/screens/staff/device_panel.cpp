// Staff: the device.
#include "kiosk/ui/screens/staff/device_panel.hpp"

namespace kiosk::ui {

void DevicePanel::enter(Context& ctx, core::StaffService& staff) {
    info_ = staff.device(ctx.content->info.version);
    scroll_.reset();
}

PanelResult DevicePanel::draw(Context& ctx, core::StaffService& staff) {
    PanelResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "设备");
    result.back = bar.back;

    const float buttons_y = ctx.height - pad - staff_buttons_height(ctx);
    {
        ScrollView view(ctx, "device", ImVec2(0, bar.height),
                        ImVec2(ctx.width, buttons_y - bar.height - gap), scroll_);
        const ImVec2 o = view.origin();
        const float x = o.x + pad;
        float y = o.y + pad;
        const auto* d = info_.get();
        if (!d) {
            y += paragraph(ctx, ImVec2(x, y), inner, "正在读…", ctx.fonts.heading, c.text_muted);
        } else {
            y += staff_fact(ctx, ImVec2(x, y), inner, "机器编号", d->kiosk_id);
            y += staff_fact(ctx, ImVec2(x, y), inner, "软件版本", d->software_version);
            y += staff_fact(ctx, ImVec2(x, y), inner, "内容版本",
                            "第 " + std::to_string(d->content_version) + " 版");
            std::string county = "没有设置";
            themes::Rgba county_color = c.danger;
            if (!d->county.empty()) {
                if (!d->county_problem.empty()) {
                    county = "连不上：" + d->county_problem;
                } else if (!d->county_reached.empty()) {
                    county = "能连上（" + staff_time(d->county_reached) + "）";
                    county_color = c.text;
                } else {
                    county = "还没有连上过";
                }
            }
            y += staff_fact(ctx, ImVec2(x, y), inner, "县里", county, county_color);
            const bool low_disk =
                d->disk_total_bytes > 0 && d->disk_free_bytes < d->disk_total_bytes / 10;
            y += staff_fact(ctx, ImVec2(x, y), inner, "磁盘",
                            "还剩 " + core::size_words(d->disk_free_bytes) + "（共 " +
                                core::size_words(d->disk_total_bytes) + "）",
                            low_disk ? c.danger : c.text);
            y += staff_fact(ctx, ImVec2(x, y), inner, "开机时长",
                            core::duration_words(d->uptime_seconds) + "（本程序 " +
                                core::duration_words(d->kiosk_running_seconds) + "）");
            y += gap;
            y += staff_heading(
                ctx, ImVec2(x, y), inner,
                "最近的日志（" + std::to_string(d->log_lines.size()) + " 行，最新在上）");
            // Newest first: what went wrong a moment ago is what the engineer asks about.
            for (auto it = d->log_lines.rbegin(); it != d->log_lines.rend(); ++it) {
                y += paragraph(ctx, ImVec2(x, y), inner, *it, ctx.fonts.body, c.text_muted) +
                     ctx.px(4);
            }
        }
        view.set_content_height(y - o.y + pad);
    }
    ImGui::BeginDisabled(waiting());
    if (staff_buttons(ctx, ImVec2(pad, buttons_y), inner, {"刷新"}) == 0) enter(ctx, staff);
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
