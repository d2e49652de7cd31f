// The on-screen keypad for a resident ID number.
#include "kiosk/ui/screens/id_keypad.hpp"

#include "base/secret.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

IdKeypadResult draw_id_keypad(Context& ctx, core::IdEntry& entry) {
    IdKeypadResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "输入身份证号");
    result.back = bar.back;

    // A keyboard (or the script driver's `type`) types into the keypad too.
    for (const char key : take_typed_keys()) entry.press(key);

    // Portrait: number, message, keys, 「确定」 top to bottom. Landscape: number, message and
    // 「确定」 on the left, the keys on the right, so everything fits the short screen.
    const bool wide = ctx.landscape();
    const float left_w = wide ? (ctx.width - pad * 3) * 0.45f : inner;
    float y = bar.height + pad;
    // The number in groups of 6-8-4, as it is printed on the card.
    const std::string& d = entry.digits();
    std::string shown;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i == 6 || i == 14) shown += ' ';
        shown += d[i];
    }
    const float field_h = ctx.fonts.title->FontSize + pad * 2;
    panel(ctx, ImVec2(pad, y), ImVec2(left_w, field_h), c.surface, c.accent);
    if (shown.empty()) {
        text_at(ctx, ImVec2(pad * 2, y + pad), "请输入18位身份证号", ctx.fonts.heading,
                c.text_muted, left_w - pad * 2);
    } else {
        ImFont* f = measure(ctx.fonts.title, shown).x <= left_w - pad * 2 ? ctx.fonts.title
                                                                          : ctx.fonts.heading;
        text_at(ctx, ImVec2(pad * 2, y + pad), shown, f, c.text, left_w - pad * 2);
    }
    // The copy on screen goes with this frame.
    base::wipe(shown);
    y += field_h + pad / 2;

    const auto problem = entry.problem(ctx.today);
    const auto id = entry.valid(ctx.today);
    std::string status;
    themes::Rgba status_color = c.text_muted;
    if (problem) {
        status = *problem;
        status_color = c.danger;
    } else if (id) {
        status = "号码没问题，请点「确定」";
        status_color = c.accent;
    } else {
        status = "还差" + std::to_string(18 - d.size()) + "位";
    }
    y += paragraph(ctx, ImVec2(pad, y), left_w, status, ctx.fonts.heading, status_color) + gap;

    ImVec2 keys(pad, y);
    ImVec2 keys_size(inner, ctx.height - pad - touch - gap - y);
    float confirm_y = y;
    if (wide) {
        keys = ImVec2(pad * 2 + left_w, bar.height + pad);
        keys_size = ImVec2(ctx.width - keys.x - pad, ctx.height - pad - keys.y);
    }
    const char key = digit_keypad(ctx, keys, keys_size, "X", "删除");
    if (key) entry.press(key == 'L' ? 'X' : key == 'R' ? '\b' : key);
    if (!wide) confirm_y = keys.y + digit_keypad_height(ctx, keys_size.y) + gap;
    ImGui::BeginDisabled(!id);
    if (button(ctx, ImVec2(pad, confirm_y), ImVec2(left_w, touch), "确定") && id) {
        result.confirmed = id;
    }
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
