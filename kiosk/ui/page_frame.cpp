// What every page shares: top bar, scrolled body, bottom bar.
#include "kiosk/ui/page_frame.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <iterator>

#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

float title_bar(Context& ctx, std::string_view title) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const float height = touch + pad * 2;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(ctx.width, height),
                                              to_u32(c.header));
    text_at(ctx, ImVec2(pad, (height - ctx.fonts.title->FontSize) / 2), title, ctx.fonts.title,
            c.header_text, inner);
    return height;
}

TopBar top_bar(Context& ctx, std::string_view title,
               std::initializer_list<std::string_view> actions) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const float button_h = ctx.px(ctx.theme.min_touch_target);
    const float height = button_h + pad * 2;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(ctx.width, height),
                                              to_u32(c.header));
    const float back_w = std::max(ctx.px(170), measure(ctx.fonts.heading, "返回").x + pad * 2);
    TopBar bar{height, false};
    bar.back =
        button(ctx, ImVec2(pad, pad), ImVec2(back_w, button_h), "返回", ButtonKind::secondary);
    float right = ctx.width - pad;
    int index = static_cast<int>(actions.size());
    for (auto it = std::rbegin(actions); it != std::rend(actions); ++it) {
        --index;
        const float w = std::max(ctx.px(200), measure(ctx.fonts.heading, *it).x + pad * 2);
        right -= w;
        if (button(ctx, ImVec2(right, pad), ImVec2(w, button_h), *it, ButtonKind::secondary))
            bar.action = index;
        right -= pad;
    }
    const float title_x = pad * 2 + back_w;
    const float title_y = (height - ctx.fonts.title->FontSize) / 2;
    text_at(ctx, ImVec2(title_x, title_y), title, ctx.fonts.title, c.header_text, right - title_x);
    return bar;
}

float bottom_bar_height(const Context& ctx) {
    return ctx.px(ctx.theme.min_touch_target) + ctx.px(ctx.theme.padding) * 2;
}

void bottom_bar_background(Context& ctx, float top) {
    const auto& c = ctx.theme.colors;
    auto* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, top), ImVec2(ctx.width, ctx.height), to_u32(c.surface));
    dl->AddLine(ImVec2(0, top), ImVec2(ctx.width, top), to_u32(c.border),
                std::max(1.0f, ctx.px(2)));
}

ScrollView::ScrollView(Context& ctx, const char* id, ImVec2 pos, ImVec2 size, KineticScroll& scroll)
    : ctx_(ctx), pos_(pos), size_(size), scroll_(scroll) {
    const ImGuiIO& io = ImGui::GetIO();
    const bool inside = io.MousePos.x >= pos.x && io.MousePos.x < pos.x + size.x &&
                        io.MousePos.y >= pos.y && io.MousePos.y < pos.y + size.y;
    const bool disabled =
        (ImGui::GetCurrentContext()->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    if (ImGui::IsMouseClicked(0) && inside && !disabled) {
        scroll_.press(io.MousePos.y, ctx.now_ms);
    } else if (scroll_.pressed()) {
        if (io.MouseDown[0]) {
            scroll_.move(io.MousePos.y, ctx.now_ms);
        } else {
            scroll_.release(ctx.now_ms);
        }
    }
    if (inside && io.MouseWheel != 0) scroll_.scroll_by(-io.MouseWheel * ctx.px(120));
    scroll_.step(ctx.now_ms);

    ImGui::SetCursorScreenPos(pos);
    ImGui::BeginChild(id, size, false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                          ImGuiWindowFlags_NoBackground);
    // A drag is a scroll, not a tap on whatever the finger started on.
    if (scroll_.dragging()) ImGui::ClearActiveID();
    origin_ = ImVec2(pos.x, pos.y - scroll_.offset());
    ctx.labels.push_clip(pos.x, pos.y, pos.x + size.x, pos.y + size.y);
}

ScrollView::~ScrollView() {
    scroll_.set_limits(content_height_, size_.y);
    ctx_.labels.pop_clip();
    if (scroll_.max_offset() > 0) draw_position_hint();
    ImGui::EndChild();
}

void ScrollView::draw_position_hint() {
    // Where the reader is in a long page, and that there is more: elderly readers may not
    // expect a page to move. Drawn inside the region, above its content.
    const auto& c = ctx_.theme.colors;
    auto* dl = ImGui::GetWindowDrawList();
    const float track_h = size_.y - ctx_.px(16);
    const float thumb_h = std::max(ctx_.px(40), track_h * size_.y / content_height_);
    const float thumb_y =
        pos_.y + ctx_.px(8) + (track_h - thumb_h) * (scroll_.offset() / scroll_.max_offset());
    const float x = pos_.x + size_.x - ctx_.px(8);
    dl->AddRectFilled(ImVec2(x, thumb_y), ImVec2(x + ctx_.px(5), thumb_y + thumb_h),
                      to_u32(c.text_muted), ctx_.px(3));
    if (scroll_.offset() >= scroll_.max_offset() - 1) return;
    const std::string_view hint = "往上推，看下面";
    const ImVec2 size = measure(ctx_.fonts.body, hint);
    const float strip_h = size.y + ctx_.px(16);
    const float strip_y = pos_.y + size_.y - strip_h;
    dl->AddRectFilled(ImVec2(pos_.x, strip_y), ImVec2(pos_.x + size_.x, pos_.y + size_.y),
                      to_u32(c.background));
    dl->AddLine(ImVec2(pos_.x, strip_y), ImVec2(pos_.x + size_.x, strip_y), to_u32(c.border),
                std::max(1.0f, ctx_.px(2)));
    text_at(ctx_, ImVec2(pos_.x + (size_.x - size.x) / 2, strip_y + ctx_.px(8)), hint,
            ctx_.fonts.body, c.text_muted);
}

}  // namespace kiosk::ui
