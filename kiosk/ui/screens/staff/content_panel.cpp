// Staff: the content on screen, updates and the USB stick.
#include "kiosk/ui/screens/staff/content_panel.hpp"

#include "kiosk/core/calendar.hpp"

namespace kiosk::ui {
namespace {

std::string date_words(base::Date d) {
    return std::to_string(d.year) + "年" + core::chinese_date(d, false);
}

}  // namespace

void ContentPanel::enter() {
    loading_.reset();
    message_.clear();
    scroll_.reset();
}

PanelResult ContentPanel::draw(Context& ctx, core::StaffService& staff) {
    PanelResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "内容");
    result.back = bar.back;
    if (const auto* done = loading_.get()) {
        if (*done) {
            message_ = "装好了：第 " + std::to_string(**done) + " 版。退出工作人员模式后就会显示。";
            message_bad_ = false;
        } else {
            message_ = "没装上：" + done->error() + "。现在的内容不变。";
            message_bad_ = true;
        }
        loading_.reset();
    }
    const auto status = staff.content_status(ctx.today);
    const auto& info = ctx.content->info;
    const auto updates = staff.update_status();

    const float buttons_y = ctx.height - pad - staff_buttons_height(ctx);
    {
        ScrollView view(ctx, "content", ImVec2(0, bar.height),
                        ImVec2(ctx.width, buttons_y - bar.height - gap), scroll_);
        const ImVec2 o = view.origin();
        const float x = o.x + pad;
        float y = o.y + pad;
        y += paragraph(ctx, ImVec2(x, y), inner, "第 " + std::to_string(status.version) + " 版",
                       ctx.fonts.title, status.expired ? c.danger : c.accent) +
             ctx.px(8);
        if (status.expired) {
            y += paragraph(
                     ctx, ImVec2(x, y), inner,
                     "内容已经过期了，居民看到的可能是旧政策。请点「检查更新」，或请县里发新版。",
                     ctx.fonts.heading, c.danger) +
                 gap;
        }
        y += staff_fact(ctx, ImVec2(x, y), inner, "发布单位",
                        info.publisher.empty() ? info.county : info.publisher);
        y += staff_fact(ctx, ImVec2(x, y), inner, "签名",
                        status.key_id.empty() ? "随机器自带的示例内容（未签名）"
                                              : "县里的密钥 " + status.key_id);
        y += staff_fact(ctx, ImVec2(x, y), inner, "发布日期", date_words(info.publish_date));
        y += staff_fact(ctx, ImVec2(x, y), inner, "有效期至", date_words(status.expires),
                        status.expired ? c.danger : c.text);
        y += gap;
        if (updates) {
            y += staff_fact(ctx, ImVec2(x, y), inner, "上次检查", staff_time(updates->last_check));
            y += staff_fact(ctx, ImVec2(x, y), inner, "检查结果",
                            updates->last_error.empty() ? "正常" : updates->last_error,
                            updates->last_error.empty() ? c.text : c.danger);
        } else {
            y += paragraph(ctx, ImVec2(x, y), inner,
                           "没有设置县里的内容地址（[update] manifest_url），只能从U盘装入。",
                           ctx.fonts.body, c.text_muted) +
                 ctx.px(8);
        }
        y += staff_fact(ctx, ImVec2(x, y), inner, "U盘位置", ctx.config.staff.usb_dir);
        if (waiting()) {
            y += gap + paragraph(ctx, ImVec2(x, y + gap), inner, "正在检查U盘里的内容…",
                                 ctx.fonts.heading, c.text_muted);
        } else if (!message_.empty()) {
            y += gap + paragraph(ctx, ImVec2(x, y + gap), inner, message_, ctx.fonts.heading,
                                 message_bad_ ? c.danger : c.accent);
        }
        view.set_content_height(y - o.y + pad);
    }

    ImGui::BeginDisabled(waiting());
    switch (staff_buttons(ctx, ImVec2(pad, buttons_y), inner, {"检查更新", "从U盘装入"})) {
        case 0:
            message_bad_ = !staff.check_for_update();
            message_ = message_bad_ ? "没有设置县里的内容地址，请用U盘装入。"
                                    : "已经去问县里了。有新版会自动装好，退出后显示。";
            break;
        case 1:
            message_.clear();
            loading_ = staff.load_from_usb();
            break;
        default:
            break;
    }
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
