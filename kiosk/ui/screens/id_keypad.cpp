// The on-screen keypad for a resident ID number.
#include "kiosk/ui/screens/id_keypad.hpp"

#include <algorithm>
#include <array>

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

void IdEntry::press(char key) {
    if (key == '\b') {
        if (!digits_.empty()) digits_.pop_back();
        return;
    }
    if (key == 'x') key = 'X';
    if (digits_.size() >= 18) return;
    // X is only ever the last character.
    if (key == 'X' && digits_.size() != 17) return;
    if ((key >= '0' && key <= '9') || key == 'X') digits_ += key;
}

void IdEntry::clear() {
    volatile char* p = digits_.data();
    for (std::size_t i = 0; i < digits_.size(); ++i) p[i] = 0;
    digits_.clear();
}

std::optional<std::string> IdEntry::problem(base::Date today) const {
    // Check the date as soon as it is typed, so a slip is caught before the last digit.
    if (digits_.size() >= 14) {
        auto probe = digits_.substr(0, 14) + "0000";
        probe[17] = scanner::id_check_character(probe);
        if (auto r = scanner::IdNumber::parse(probe, today); !r && r.error() != scanner::IdProblem::wrong_check) {
            return std::string(scanner::describe(r.error()));
        }
    }
    if (digits_.size() < 18) return std::nullopt;
    auto r = scanner::IdNumber::parse(digits_, today);
    if (!r) return std::string(scanner::describe(r.error()));
    return std::nullopt;
}

std::optional<scanner::IdNumber> IdEntry::valid(base::Date today) const {
    if (digits_.size() != 18) return std::nullopt;
    auto r = scanner::IdNumber::parse(digits_, today);
    return r ? std::optional(*r) : std::nullopt;
}

IdKeypadResult draw_id_keypad(Context& ctx, IdEntry& entry) {
    IdKeypadResult result;
    const auto& c = ctx.theme.colors;
    const float pad = ctx.px(ctx.theme.padding);
    const float gap = ctx.px(ctx.theme.gap);
    const auto bar = top_bar(ctx, "输入身份证号");
    result.back = bar.back;

    // A keyboard (or the script driver's `type`) types into the keypad too.
    for (const ImWchar ch : ImGui::GetIO().InputQueueCharacters) {
        if (ch < 128) entry.press(static_cast<char>(ch));
    }
    ImGui::GetIO().InputQueueCharacters.resize(0);

    // Portrait: number, message, keys, 「确定」 top to bottom. Landscape: number, message and
    // 「确定」 on the left, the keys on the right, so everything fits the short screen.
    const bool wide = ctx.landscape();
    const float left_w = wide ? (ctx.width - pad * 3) * 0.45f : ctx.width - pad * 2;
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
        text_at(ctx, ImVec2(pad * 2, y + pad), "请输入18位身份证号", ctx.fonts.heading, c.text_muted, left_w - pad * 2);
    } else {
        const ImFont* f = measure(ctx.fonts.title, shown).x <= left_w - pad * 2 ? ctx.fonts.title : ctx.fonts.heading;
        text_at(ctx, ImVec2(pad * 2, y + pad), shown, const_cast<ImFont*>(f), c.text, left_w - pad * 2);
    }
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

    const float confirm_h = ctx.px(ctx.theme.min_touch_target);
    float keys_x = pad, keys_y = y, keys_w = ctx.width - pad * 2;
    float keys_bottom = ctx.height - pad - confirm_h - gap;
    float confirm_y = 0;
    if (wide) {
        keys_x = pad * 2 + left_w;
        keys_y = bar.height + pad;
        keys_w = ctx.width - keys_x - pad;
        keys_bottom = ctx.height - pad;
        confirm_y = y;
    }
    // Keys: 3 columns x 4 rows, as on a phone.
    static constexpr std::array<const char*, 12> kKeys = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "删除"};
    const float key_w = (keys_w - gap * 2) / 3;
    const float key_h = std::clamp((keys_bottom - keys_y - gap * 3) / 4, ctx.px(ctx.theme.min_touch_target), ctx.px(150));
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
        const float kx = keys_x + static_cast<float>(i % 3) * (key_w + gap);
        const float ky = keys_y + static_cast<float>(i / 3) * (key_h + gap);
        if (button(ctx, ImVec2(kx, ky), ImVec2(key_w, key_h), kKeys[i], ButtonKind::secondary)) {
            entry.press(i == 11 ? '\b' : kKeys[i][0]);
        }
    }
    if (!wide) confirm_y = keys_y + 4 * (key_h + gap);
    ImGui::BeginDisabled(!id);
    if (button(ctx, ImVec2(pad, confirm_y), ImVec2(left_w, confirm_h), "确定") && id) result.confirmed = id;
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
