// Staff: the PIN pad and the shut door.
#include "kiosk/ui/screens/staff/pin_pad.hpp"

#include "base/secret.hpp"
#include "kiosk/core/staff_access.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

PinPadResult draw_pin_pad(Context& ctx, core::DigitEntry& entry, const std::string& message,
                          bool busy) {
    PinPadResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "工作人员");
    result.back = bar.back;
    if (!busy) {
        std::string typed = take_typed_keys();
        for (const char key : typed) entry.press(key);
        base::wipe(typed);  // PIN digits from a keyboard leave no copy behind
    }
    const bool wide = ctx.landscape();
    const float left_w = wide ? (ctx.width - pad * 3) * 0.45f : inner;
    float y = bar.height + pad;
    y += paragraph(ctx, ImVec2(pad, y), left_w, "请输入工作人员密码", ctx.fonts.heading, c.text) +
         gap;
    // One dot per digit typed: the digits never show, to anyone standing behind.
    const float field_h = ctx.fonts.title->FontSize + pad * 2;
    panel(ctx, ImVec2(pad, y), ImVec2(left_w, field_h), c.surface, c.accent);
    const float r = ctx.px(12);
    auto* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < entry.digits().size(); ++i) {
        dl->AddCircleFilled(ImVec2(pad * 2 + r + static_cast<float>(i) * r * 3, y + field_h / 2), r,
                            to_u32(c.text));
    }
    y += field_h + pad / 2;
    const std::string status = busy ? "正在核对…" : message;
    y += paragraph(ctx, ImVec2(pad, y), left_w, status, ctx.fonts.heading,
                   busy ? c.text_muted : c.danger) +
         gap;

    ImVec2 keys(pad, y);
    ImVec2 keys_size(inner, ctx.height - pad - touch - gap - y);
    float confirm_y = y;
    if (wide) {
        keys = ImVec2(pad * 2 + left_w, bar.height + pad);
        keys_size = ImVec2(ctx.width - keys.x - pad, ctx.height - pad - keys.y);
    }
    ImGui::BeginDisabled(busy);
    const char key = digit_keypad(ctx, keys, keys_size, "清空", "删除");
    if (key == 'L') entry.clear();
    if (key == 'R') entry.press('\b');
    if (key >= '0' && key <= '9') entry.press(key);
    if (!wide) confirm_y = keys.y + digit_keypad_height(ctx, keys_size.y) + gap;
    const bool enough = entry.digits().size() >= static_cast<std::size_t>(core::kPinMinDigits);
    ImGui::BeginDisabled(!enough);
    if (button(ctx, ImVec2(pad, confirm_y), ImVec2(left_w, touch), "确定") && enough) {
        result.submit = true;
    }
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    return result;
}

bool draw_door_shut(Context& ctx, const DoorShut& shut) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "工作人员");
    float y = bar.height + pad * 2;
    y += paragraph(ctx, ImVec2(pad, y), inner, shut.title, ctx.fonts.title, c.danger) + gap;
    y += paragraph(ctx, ImVec2(pad, y), inner, shut.body, ctx.fonts.heading, c.text) + gap * 2;
    return bar.back ||
           button(ctx, ImVec2(pad, y), ImVec2(inner, touch), "回到首页", ButtonKind::secondary);
}

}  // namespace kiosk::ui
