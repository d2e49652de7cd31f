// 政策明白纸: a large tile per assistance item.
#include "kiosk/ui/screens/item_list.hpp"

#include <algorithm>

#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {

ItemListResult draw_item_list(Context& ctx, KineticScroll& scroll) {
    ItemListResult result;
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const auto bar = top_bar(ctx, "政策明白纸");
    result.back = bar.back;

    ScrollView view(ctx, "items", ImVec2(0, bar.height), ImVec2(ctx.width, ctx.height - bar.height),
                    scroll);
    const ImVec2 o = view.origin();
    float y = pad;
    y += paragraph(ctx, ImVec2(o.x + pad, o.y + y), ctx.width - pad * 2,
                   "点一下，看看能得到什么帮助、怎么办。", ctx.fonts.heading, c.text) +
         gap;

    const int columns = ctx.landscape() ? 4 : 2;
    const float tile_w =
        (ctx.width - pad * 2 - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const auto& items = ctx.content->items;
    // All items on one screen where they fit at a finger-friendly size; otherwise it scrolls.
    const auto rows_needed =
        (items.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
    const float rows_f = static_cast<float>(std::max<std::size_t>(1, rows_needed));
    const float available = ctx.height - bar.height - y - pad;
    const float tile_h = std::clamp((available - gap * (rows_f - 1)) / rows_f,
                                    ctx.px(ctx.theme.min_touch_target) * 1.3f, ctx.px(230));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto col = static_cast<float>(i % static_cast<std::size_t>(columns));
        const auto row = static_cast<float>(i / static_cast<std::size_t>(columns));
        const ImVec2 pos(o.x + pad + col * (tile_w + gap), o.y + y + row * (tile_h + gap));
        if (tile(ctx, pos, ImVec2(tile_w, tile_h), items[i].short_name, {}, false,
                 items[i].pictogram)) {
            result.open = items[i].id;
        }
    }
    const auto rows =
        (items.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
    y += static_cast<float>(rows) * (tile_h + gap) - gap + pad;
    view.set_content_height(y);
    return result;
}

}  // namespace kiosk::ui
