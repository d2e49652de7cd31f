// 扫一扫: what the resident can scan, and the keypad.
#include "kiosk/ui/screens/scan_page.hpp"

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

// A QR-like square with corner marks and a beam: "hold the code here".
void draw_scan_picture(ImDrawList* dl, ImVec2 c, float size, ImU32 ink) {
    const float h = size / 2, m = size * 0.22f, w = std::max(3.0f, size * 0.04f);
    for (const float sx : {-1.0f, 1.0f}) {
        for (const float sy : {-1.0f, 1.0f}) {
            const ImVec2 corner(c.x + sx * h, c.y + sy * h);
            dl->AddLine(corner, ImVec2(corner.x - sx * m, corner.y), ink, w);
            dl->AddLine(corner, ImVec2(corner.x, corner.y - sy * m), ink, w);
        }
    }
    const float q = size * 0.16f;
    for (const auto& [dx, dy] :
         {std::pair{-1.0f, -1.0f}, std::pair{1.0f, -1.0f}, std::pair{-1.0f, 1.0f}}) {
        const ImVec2 p(c.x + dx * size * 0.2f, c.y + dy * size * 0.2f);
        dl->AddRect(ImVec2(p.x - q / 2, p.y - q / 2), ImVec2(p.x + q / 2, p.y + q / 2), ink, 0, 0,
                    w);
    }
    dl->AddLine(ImVec2(c.x - h * 0.9f, c.y), ImVec2(c.x + h * 0.9f, c.y),
                IM_COL32(220, 40, 40, 255), w);
}

}  // namespace

ScanPageResult draw_scan_page(Context& ctx) {
    ScanPageResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "扫一扫");
    result.back = bar.back;
    float y = bar.height + pad * 2;
    const float pic = std::min(ctx.px(240), ctx.height * 0.25f);
    draw_scan_picture(ImGui::GetWindowDrawList(), ImVec2(ctx.width / 2, y + pic / 2), pic,
                      to_u32(c.accent));
    y += pic + pad * 2;
    y += paragraph(ctx, ImVec2(pad, y), inner, "把码对准扫码口，听到「嘀」一声就好。",
                   ctx.fonts.heading, c.text) +
         gap;
    y += paragraph(ctx, ImVec2(pad, y), inner, "能扫的：明白纸上的二维码、帮办代办回执、身份证。",
                   ctx.fonts.body, c.text_muted) +
         gap * 2;
    result.keypad = button(ctx, ImVec2(pad, y), ImVec2(inner, ctx.px(ctx.theme.min_touch_target)),
                           "手动输入身份证号", ButtonKind::secondary);
    return result;
}

IdResultResult draw_id_result(Context& ctx, const IdResultPage& page) {
    IdResultResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "身份证号");
    float y = bar.height + pad * 2;
    y += paragraph(ctx, ImVec2(pad, y), inner, "已读到身份证号", ctx.fonts.heading, c.text) + pad;
    y += paragraph(ctx, ImVec2(pad, y), inner, page.masked, ctx.fonts.title, c.accent) + pad * 2;
    paragraph(ctx, ImVec2(pad, y), inner,
              "在本机查询待遇的功能还没开通。请找站里的工作人员帮您查，或者拨打求助热线 " +
                  ctx.config.station.hotline + "。",
              ctx.fonts.body, c.text);
    const float top = ctx.height - bottom_bar_height(ctx);
    bottom_bar_background(ctx, top);
    result.home = bar.back | button(ctx, ImVec2(pad, top + pad),
                                    ImVec2(inner, ctx.px(ctx.theme.min_touch_target)), "回到首页",
                                    ButtonKind::primary);
    return result;
}

}  // namespace kiosk::ui
