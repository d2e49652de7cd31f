// 打印预览: the sheet as the printer will get it.
#include "kiosk/ui/screens/print_preview.hpp"

#include <algorithm>

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

PrintPreviewResult draw_print_preview(Context& ctx, const core::PreparedSheet& sheet,
                                      KineticScroll& scroll) {
    PrintPreviewResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "打印预览");
    result.back = bar.back;
    const float bottom_top = ctx.height - bottom_bar_height(ctx);
    {
        ScrollView view(ctx, "preview", ImVec2(0, bar.height),
                        ImVec2(ctx.width, bottom_top - bar.height), scroll);
        const ImVec2 o = view.origin();
        float y = pad;
        const std::string note = "下面就是要打出来的明白纸，约" +
                                 std::to_string(static_cast<int>(sheet.length_mm / 10 + 0.5)) +
                                 "厘米长。";
        y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), ctx.width - pad * 2, note, ctx.fonts.body,
                       c.text) +
             pad;

        // The raster itself, one dot a pixel where it fits, on white like the paper.
        const auto& bm = sheet.raster;
        const float scale = std::min(1.0f, (ctx.width - pad * 4) / static_cast<float>(bm.width())) *
                            std::max(1.0f, ctx.scale);
        const float w = static_cast<float>(bm.width()) * scale;
        const float h = static_cast<float>(bm.height()) * scale;
        const float x = (ctx.width - w) / 2;
        auto* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(x - pad / 2 + 4, o.y + y + 4),
                          ImVec2(x + w + pad / 2 + 4, o.y + y + h + pad + 4),
                          IM_COL32(0, 0, 0, 40));
        dl->AddRectFilled(ImVec2(x - pad / 2, o.y + y), ImVec2(x + w + pad / 2, o.y + y + h + pad),
                          IM_COL32(255, 255, 255, 255));
        if (ctx.textures) {
            // Only the rows inside the scrolled region become textures.
            const float top_y = o.y + y + pad / 2;
            const int first = static_cast<int>(std::max(0.0f, (bar.height - top_y) / scale));
            const int end = static_cast<int>((bottom_top - top_y) / scale) + 1;
            for (const auto& piece : ctx.textures->bitmap_pieces(bm, first, end)) {
                const float top = o.y + y + pad / 2 + static_cast<float>(piece.first_row) * scale;
                dl->AddImage(piece.texture, ImVec2(x, top),
                             ImVec2(x + w, top + static_cast<float>(piece.rows) * scale));
            }
        }
        ctx.labels.add("明白纸预览", x, o.y + y, w, h, false);
        y += h + pad * 2;
        view.set_content_height(y);
    }
    bottom_bar_background(ctx, bottom_top);
    const float button_h = ctx.px(ctx.theme.min_touch_target);
    const float half = (ctx.width - pad * 3) / 2;
    result.back |= button(ctx, ImVec2(pad, bottom_top + pad), ImVec2(half, button_h), "不打了",
                          ButtonKind::secondary);
    result.print =
        button(ctx, ImVec2(pad * 2 + half, bottom_top + pad), ImVec2(half, button_h), "打印");
    return result;
}

}  // namespace kiosk::ui
