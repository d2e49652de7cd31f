// The home screen: station, hotline, notice strip and a tile per capability that works.
#include "kiosk/ui/screens/home.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

std::string date_line(std::time_t t) {
    std::tm local{};
    localtime_r(&t, &local);
    static constexpr std::array<const char*, 7> kWeekdays = {"日", "一", "二", "三",
                                                             "四", "五", "六"};
    return std::to_string(local.tm_year + 1900) + "年" + std::to_string(local.tm_mon + 1) + "月" +
           std::to_string(local.tm_mday) + "日 星期" + kWeekdays[local.tm_wday];
}

struct Tile {
    const char* label;
    const char* caption;
    bool active;
    HomeAction action;
};

// Returns the y below the header.
float draw_header(Context& ctx) {
    const auto& c = ctx.theme.colors;
    const float pad = ctx.px(ctx.theme.padding);
    const float inner = ctx.width - pad * 2;
    const float name_h = measure(ctx.fonts.title, ctx.config.station.name, inner).y;
    const float line_h = ctx.fonts.body->FontSize;
    const float height =
        pad + name_h + ctx.px(12) + std::max(ctx.fonts.heading->FontSize, line_h) + pad;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(ctx.width, height),
                                              to_u32(c.header));
    paragraph(ctx, ImVec2(pad, pad), inner, ctx.config.station.name, ctx.fonts.title,
              c.header_text);
    const float row_y = pad + name_h + ctx.px(12);
    const std::string hotline = "求助热线 " + ctx.config.station.hotline;
    text_at(ctx, ImVec2(pad, row_y), hotline, ctx.fonts.heading, c.header_text);
    const std::string date = date_line(ctx.wall_time);
    const float date_w = measure(ctx.fonts.body, date).x;
    const float date_y = row_y + (ctx.fonts.heading->FontSize - line_h) / 2;
    text_at(ctx, ImVec2(ctx.width - pad - date_w, date_y), date, ctx.fonts.body, c.header_text);
    return height;
}

float draw_notice_strip(Context& ctx, float y) {
    const auto& c = ctx.theme.colors;
    const float pad = ctx.px(ctx.theme.padding);
    const std::string_view tag = "通知";
    const float tag_w = measure(ctx.fonts.body, tag).x + ctx.px(24);
    const float text_x = pad + tag_w + ctx.px(16);
    const float text_w = ctx.width - text_x - pad;
    const float text_h = measure(ctx.fonts.body, ctx.config.station.welcome, text_w).y;
    const float height = text_h + ctx.px(32);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, y), ImVec2(ctx.width, y + height),
                                              to_u32(c.notice));
    const float tag_h = ctx.fonts.body->FontSize + ctx.px(8);
    const ImVec2 tag_pos(pad, y + ctx.px(16));
    ImGui::GetWindowDrawList()->AddRectFilled(tag_pos, ImVec2(tag_pos.x + tag_w, tag_pos.y + tag_h),
                                              to_u32(c.accent), ctx.px(6));
    text_at(ctx, ImVec2(tag_pos.x + ctx.px(12), tag_pos.y + ctx.px(4)), tag, ctx.fonts.body,
            c.accent_text);
    paragraph(ctx, ImVec2(text_x, y + ctx.px(16)), text_w, ctx.config.station.welcome,
              ctx.fonts.body, c.notice_text);
    return y + height;
}

}  // namespace

HomeAction draw_home(Context& ctx, const HomeModel& model) {
    const auto& c = ctx.theme.colors;
    const float pad = ctx.px(ctx.theme.padding);
    const float gap = ctx.px(ctx.theme.gap);
    const float inner = ctx.width - pad * 2;

    float y = draw_header(ctx);
    y = draw_notice_strip(ctx, y) + gap;

    y += text_at(ctx, ImVec2(pad, y), "请选择您要办的事", ctx.fonts.heading, c.text).y + gap;

    std::vector<Tile> tiles;
    if (model.elder_available) {
        tiles.push_back({"长辈模式", model.elder_on ? "已开启，再点关闭" : "字大一点，看得更清",
                         model.elder_on, HomeAction::toggle_elder});
    }
    HomeAction action = HomeAction::none;
    const int columns = ctx.landscape() ? 4 : 2;
    const float tile_w =
        (inner - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float tile_h = ctx.px(200);
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        const auto col = static_cast<float>(i % static_cast<std::size_t>(columns));
        const auto row = static_cast<float>(i / static_cast<std::size_t>(columns));
        const ImVec2 pos(pad + col * (tile_w + gap), y + row * (tile_h + gap));
        if (tile(ctx, pos, ImVec2(tile_w, tile_h), tiles[i].label, tiles[i].caption,
                 tiles[i].active)) {
            action = tiles[i].action;
        }
    }
    const auto rows = (tiles.size() + columns - 1) / static_cast<std::size_t>(columns);
    y += static_cast<float>(rows) * (tile_h + gap);

    // Never a dead end: whatever the kiosk cannot do yet, a person at the station can.
    const std::string help =
        "请找站里的工作人员帮您，或拨打求助热线 " + ctx.config.station.hotline + "。";
    const float text_w = inner - pad * 2;
    const float help_h = ctx.fonts.heading->FontSize + ctx.px(12) +
                         measure(ctx.fonts.body, help, text_w).y + pad * 2;
    panel(ctx, ImVec2(pad, y), ImVec2(inner, help_h), c.surface, c.border);
    text_at(ctx, ImVec2(pad * 2, y + pad), "不会用也没关系", ctx.fonts.heading, c.text);
    paragraph(ctx, ImVec2(pad * 2, y + pad + ctx.fonts.heading->FontSize + ctx.px(12)), text_w,
              help, ctx.fonts.body, c.text);

    if (ctx.config.station.sample) {
        const std::string_view sample = "本机内容为示例县的样例，金额和电话以本县公布为准。";
        const float h = measure(ctx.fonts.body, sample, inner).y;
        paragraph(ctx, ImVec2(pad, ctx.height - pad - h), inner, sample, ctx.fonts.body,
                  c.text_muted);
    }
    return action;
}

}  // namespace kiosk::ui
