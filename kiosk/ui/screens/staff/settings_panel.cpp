// Staff: the settings.
#include "kiosk/ui/screens/staff/settings_panel.hpp"

#include "base/utf8.hpp"

namespace kiosk::ui {
namespace {

// Drops the last character (not the last byte) of UTF-8 text.
void drop_last_character(std::string& text) {
    while (!text.empty()) {
        const auto byte = static_cast<unsigned char>(text.back());
        text.pop_back();
        if ((byte & 0xC0) != 0x80) break;  // not a continuation byte: the character is gone
    }
}

}  // namespace

void SettingsPanel::enter(Context& ctx) {
    // What the file holds as far as this screen knows: the start-up config, or what was saved.
    if (!saved_once_) base_ = ctx.config;
    shown_ = base_;
    editing_ = Editing::none;
    saving_.reset();
    message_.clear();
    scroll_.reset();
}

float SettingsPanel::draw_editor(Context& ctx, float x, float y, float width, float room) {
    const auto& c = ctx.theme.colors;
    const float gap = ctx.px(ctx.theme.gap);
    const float start = y;
    if (editing_ == Editing::hotline) {
        // The keypad's keys and a keyboard both type digits.
        for (const char key : take_typed_keys()) {
            if (key >= '0' && key <= '9' && shown_.station.hotline.size() < 20) {
                shown_.station.hotline += key;
            }
        }
        // 「改好了」 is the keypad's own left key: four rows of keys fill a landscape page.
        const float h = digit_keypad_height(ctx, room);
        const char key = digit_keypad(ctx, ImVec2(x, y), ImVec2(width, h), "改好了", "删除");
        if (key == 'L') editing_ = Editing::none;
        if (key == 'R' && !shown_.station.hotline.empty()) shown_.station.hotline.pop_back();
        if (key >= '0' && key <= '9' && shown_.station.hotline.size() < 20) {
            shown_.station.hotline += key;
        }
        return h + gap;
    } else {
        std::string& text = editing_ == Editing::name ? shown_.station.name : shown_.county.url;
        const std::string typed = take_typed_text();
        if (!typed.empty() && base::utf8::is_valid(typed)) text += typed;
        y += paragraph(ctx, ImVec2(x, y), width, "请接上键盘输入（拼音输入法要另装）。",
                       ctx.fonts.body, c.text_muted) +
             ctx.px(8);
        if (const int tapped = staff_buttons(ctx, ImVec2(x, y), width, {"删一个字", "清空"});
            tapped == 0) {
            drop_last_character(text);
        } else if (tapped == 1) {
            text.clear();
        }
        y += staff_buttons_height(ctx) + gap;
    }
    if (staff_buttons(ctx, ImVec2(x, y), width, {"改好了"}) == 0) editing_ = Editing::none;
    y += staff_buttons_height(ctx) + gap;
    return y - start;
}

core::SettingsChange SettingsPanel::changes() const {
    core::SettingsChange c;
    if (shown_.station.name != base_.station.name) c.station_name = shown_.station.name;
    if (shown_.station.hotline != base_.station.hotline) c.hotline = shown_.station.hotline;
    if (shown_.county.url != base_.county.url) c.county_url = shown_.county.url;
    if (shown_.ui.idle_reset_seconds != base_.ui.idle_reset_seconds) {
        c.idle_reset_seconds = shown_.ui.idle_reset_seconds;
    }
    if (shown_.ui.theme != base_.ui.theme) c.theme = shown_.ui.theme;
    if (shown_.ui.volume != base_.ui.volume) c.volume = shown_.ui.volume;
    return c;
}

PanelResult SettingsPanel::draw(Context& ctx, core::StaffService& staff) {
    PanelResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "设置");
    result.back = bar.back;
    if (const auto* done = saving_.get()) {
        message_bad_ = !*done;
        if (*done) {
            message_ = "已保存。重新开机后按新设置运行。";
            base_ = **done;
            saved_once_ = true;
        } else {
            message_ = "没保存，原来的设置不变：" + done->error();
        }
        saving_.reset();
    }

    // While a value is typed, the editor takes the whole page (a keypad needs the room, and
    // there is nothing to save until it is done).
    const float buttons_y =
        editing_ != Editing::none ? ctx.height : ctx.height - pad - staff_buttons_height(ctx);
    const float row_button_w = ctx.px(150);
    {
        ScrollView view(ctx, "settings", ImVec2(0, bar.height),
                        ImVec2(ctx.width, buttons_y - bar.height - gap), scroll_);
        const ImVec2 o = view.origin();
        const float x = o.x + pad;
        float y = o.y + pad;
        const float value_w = inner - row_button_w - gap;
        // The outcome of the last save first, where it is seen without scrolling.
        if (!message_.empty()) {
            y += paragraph(ctx, ImVec2(x, y), inner, message_, ctx.fonts.heading,
                           message_bad_ ? c.danger : c.accent) +
                 gap;
        }
        // A text setting: its value, and 「修改」 opening the editor under it.
        auto text_row = [&](std::string_view label, const std::string& value, Editing which,
                            std::string_view edit) {
            if (editing_ != Editing::none && editing_ != which) return;
            const float h = staff_fact(ctx, ImVec2(x, y), value_w, label,
                                       value + (editing_ == which ? "_" : ""));
            if (editing_ == Editing::none &&
                button(ctx, ImVec2(x + inner - row_button_w, y), ImVec2(row_button_w, touch), edit,
                       ButtonKind::secondary)) {
                editing_ = which;
                message_.clear();
            }
            y += std::max(h, touch) + gap;
            if (editing_ == which) {
                const float room = (buttons_y - gap) - y - pad;
                y += draw_editor(ctx, x, y, inner, room);
            }
        };
        // A number setting: its value, and two buttons taking `step` off and adding it.
        auto number_row = [&](std::string_view label, std::string value, int& number, int step,
                              std::string_view less, std::string_view more) {
            const float bw = (row_button_w * 2 + gap) / 2;
            const float h = staff_fact(ctx, ImVec2(x, y), inner - bw * 2 - gap * 2, label, value);
            ImGui::PushID(label.data(), label.data() + label.size());
            const float bx = x + inner - bw * 2 - gap;
            if (button(ctx, ImVec2(bx, y), ImVec2(bw, touch), less, ButtonKind::secondary)) {
                number -= step;
                message_.clear();
            }
            if (button(ctx, ImVec2(bx + bw + gap, y), ImVec2(bw, touch), more,
                       ButtonKind::secondary)) {
                number += step;
                message_.clear();
            }
            ImGui::PopID();
            y += std::max(h, touch) + gap;
        };
        text_row("站点名称", shown_.station.name, Editing::name, "改站名");
        text_row("求助热线", shown_.station.hotline, Editing::hotline, "改热线");
        text_row("县里地址", shown_.county.url.empty() ? "（没有设置）" : shown_.county.url,
                 Editing::url, "改地址");
        if (editing_ == Editing::none) {
            number_row("空闲时长", std::to_string(shown_.ui.idle_reset_seconds) + " 秒没人碰",
                       shown_.ui.idle_reset_seconds, 10, "少10秒", "多10秒");
            number_row("音量", std::to_string(shown_.ui.volume) + "%", shown_.ui.volume, 10, "小声",
                       "大声");
            const bool elder = shown_.ui.theme == "elder";
            y += staff_fact(ctx, ImVec2(x, y), inner, "默认字号",
                            elder ? "长辈模式（大字）" : "标准");
            switch (staff_buttons(ctx, ImVec2(x, y), inner, {"标准", "长辈模式"})) {
                case 0:
                    shown_.ui.theme = "standard";
                    message_.clear();
                    break;
                case 1:
                    shown_.ui.theme = "elder";
                    message_.clear();
                    break;
                default:
                    break;
            }
            y += staff_buttons_height(ctx) + gap;
            y += staff_fact(ctx, ImVec2(x, y), inner, "配置文件", staff.config_file().string());
        }
        view.set_content_height(y - o.y + pad);
    }
    const core::SettingsChange change = changes();
    const bool changed = !core::changed_keys(change).empty();
    if (editing_ != Editing::none) return result;
    ImGui::BeginDisabled(waiting() || !changed);
    if (staff_buttons(ctx, ImVec2(pad, buttons_y), inner, {waiting() ? "正在保存…" : "保存"}) ==
        0) {
        message_.clear();
        saving_ = staff.save_settings(change);
    }
    ImGui::EndDisabled();
    return result;
}

}  // namespace kiosk::ui
