// The home screen: station, hotline, notice strip and a tile per capability that works.
#include "kiosk/ui/screens/home.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "kiosk/core/calendar.hpp"
#include "kiosk/ui/page_frame.hpp"
#include "kiosk/ui/theme_style.hpp"
#include "kiosk/ui/widgets.hpp"

namespace kiosk::ui {
namespace {

struct Tile {
    const char* label;
    const char* caption;
    bool active;
    HomeAction action;
};

// Returns the y below the header.
float draw_header(Context& ctx) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const float name_h = paragraph_height(ctx.fonts.title, ctx.config.station.name, inner);
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
    const std::string date = std::to_string(ctx.today.year) + "年" +
                             core::chinese_date(ctx.today, false) + " " +
                             core::weekday_name(ctx.today);
    const float date_w = measure(ctx.fonts.body, date).x;
    const float date_y = row_y + (ctx.fonts.heading->FontSize - line_h) / 2;
    text_at(ctx, ImVec2(ctx.width - pad - date_w, date_y), date, ctx.fonts.body, c.header_text);
    return height;
}

float draw_notice_strip(Context& ctx, float y) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const std::string_view tag = "通知";
    const float tag_w = measure(ctx.fonts.body, tag).x + ctx.px(24);
    const float text_x = pad + tag_w + ctx.px(16);
    const float text_w = ctx.width - text_x - pad;
    // Notices are shown only between their start and end dates; without one, the welcome.
    std::vector<std::string> lines;
    for (const auto* n : ctx.content->notices_on(ctx.today)) {
        if (lines.size() == 2) break;
        lines.push_back(n->title + "：" + n->body);
    }
    if (lines.empty()) lines.push_back(ctx.config.station.welcome);
    float text_h = 0;
    for (const auto& l : lines) text_h += paragraph_height(ctx.fonts.body, l, text_w) + ctx.px(10);
    const float height = text_h - ctx.px(10) + ctx.px(32);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, y), ImVec2(ctx.width, y + height),
                                              to_u32(c.notice));
    const float tag_h = ctx.fonts.body->FontSize + ctx.px(8);
    const ImVec2 tag_pos(pad, y + ctx.px(12));
    ImGui::GetWindowDrawList()->AddRectFilled(tag_pos, ImVec2(tag_pos.x + tag_w, tag_pos.y + tag_h),
                                              to_u32(c.accent), ctx.px(6));
    text_at(ctx, ImVec2(tag_pos.x + ctx.px(12), tag_pos.y + ctx.px(4)), tag, ctx.fonts.body,
            c.accent_text);
    float ty = y + ctx.px(16);
    for (const auto& l : lines) {
        ty += paragraph(ctx, ImVec2(text_x, ty), text_w, l, ctx.fonts.body, c.notice_text) +
              ctx.px(10);
    }
    return y + height;
}

float view_bottom_y(const Context& ctx, float header_h) {
    return ctx.height - header_h;
}

// A panel with a heading and a paragraph; returns its height. With `draw` false it only measures.
float info_panel(Context& ctx, ImVec2 pos, float width, std::string_view heading,
                 themes::Rgba heading_color, std::string_view text, bool draw) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();
    const float text_w = width - pad * 2;
    const float heading_h = paragraph_height(ctx.fonts.heading, heading, text_w);
    const float h =
        heading_h + ctx.px(12) + paragraph_height(ctx.fonts.body, text, text_w) + pad * 2;
    if (!draw) return h;
    panel(ctx, pos, ImVec2(width, h), c.surface, c.border);
    paragraph(ctx, ImVec2(pos.x + pad, pos.y + pad), text_w, heading, ctx.fonts.heading,
              heading_color);
    paragraph(ctx, ImVec2(pos.x + pad, pos.y + pad + heading_h + ctx.px(12)), text_w, text,
              ctx.fonts.body, c.text);
    return h;
}

}  // namespace

HomeAction draw_home(Context& ctx, const HomeModel& model, KineticScroll& scroll) {
    const auto& [c, pad, gap, inner, touch] = ctx.measures();

    const float header_h = draw_header(ctx);
    ScrollView view(ctx, "home", ImVec2(0, header_h), ImVec2(ctx.width, ctx.height - header_h),
                    scroll);
    const ImVec2 o = view.origin();
    float y = draw_notice_strip(ctx, o.y) - o.y + gap;

    y += text_at(ctx, ImVec2(pad, o.y + y), "请选择您要办的事", ctx.fonts.heading, c.text).y + gap;

    std::vector<Tile> tiles;
    if (!ctx.content->items.empty()) {
        tiles.push_back({"政策明白纸", "低保、特困等十项", false, HomeAction::open_items});
    }
    if (!ctx.content->help.sections.empty()) {
        tiles.push_back({"求助与监督", "找谁、怎么反映", false, HomeAction::open_help});
    }
    if (ctx.benefits && ctx.benefits->available())
        tiles.push_back({"待遇查询", "什么时候发、发多少", false, HomeAction::open_status});
    if (ctx.requests)
        tiles.push_back({"帮办代办", "不用跑腿帮您办", false, HomeAction::open_request});
    tiles.push_back({"扫一扫", "扫码、刷身份证", false, HomeAction::open_scan});
    if (model.elder_available) {
        tiles.push_back({"长辈模式", model.elder_on ? "已开启，再点关闭" : "字大一点看得清",
                         model.elder_on, HomeAction::toggle_elder});
    }
    HomeAction action = HomeAction::none;
    // Landscape: every tile in one row, so the help day stays on the first screen.
    const int columns = ctx.landscape() ? std::max<int>(4, static_cast<int>(tiles.size())) : 2;
    const float tile_w =
        (inner - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    // Tiles in a grid are all as tall as the tallest needs, so none cuts its words off.
    float tile_h = ctx.px(ctx.landscape() ? 160 : 150);
    for (const auto& t : tiles)
        tile_h = std::max(tile_h, tile_height(ctx, tile_w, t.label, t.caption));
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        const auto col = static_cast<float>(i % static_cast<std::size_t>(columns));
        const auto row = static_cast<float>(i / static_cast<std::size_t>(columns));
        const ImVec2 pos(pad + col * (tile_w + gap), o.y + y + row * (tile_h + gap));
        if (tile(ctx, pos, ImVec2(tile_w, tile_h), tiles[i].label, tiles[i].caption,
                 tiles[i].active)) {
            action = tiles[i].action;
        }
    }
    const auto rows =
        (tiles.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
    y += static_cast<float>(rows) * (tile_h + gap);

    // The monthly help day (reference/000): the 6th, or the next working day. And never a dead
    // end: whatever the kiosk cannot do, a person at the station can. Side by side when wide.
    const auto day = ctx.content->calendar.next_help_day(ctx.today);
    const std::string when =
        day == ctx.today ? "今天就是主动帮办日！" : "下次主动帮办日：" + core::chinese_date(day);
    const std::string what = "这天集中解答救助政策，还会上门帮您补材料、办手续。";
    const std::string help =
        "请找站里的工作人员帮您，或拨打求助热线 " + ctx.config.station.hotline + "。";
    // Side by side always: on a portrait screen too, so both stay on the first screen.
    {
        const float w = (inner - gap) / 2;
        const float h = std::max(info_panel(ctx, {}, w, when, c.accent, what, false),
                                 info_panel(ctx, {}, w, "不会用也没关系", c.text, help, false));
        info_panel(ctx, ImVec2(pad, o.y + y), w, when, c.accent, what, true);
        info_panel(ctx, ImVec2(pad + w + gap, o.y + y), w, "不会用也没关系", c.text, help, true);
        y += h + gap;
    }

    // Content past its expiry is still shown, never silently: it says so.
    const bool expired = ctx.today > ctx.content->info.expiry_date;
    if (ctx.config.station.sample || ctx.content->info.sample || expired) {
        std::string sample;
        if (ctx.config.station.sample || ctx.content->info.sample) {
            sample = "本机内容为" + ctx.content->info.county + "的样例，金额和电话以本县公布为准。";
        }
        if (expired) {
            sample += "本机内容有效期到" +
                      core::chinese_date(ctx.content->info.expiry_date, false) +
                      "，已过期，请以工作人员说明为准。";
        }
        // At the foot of the screen when there is room, else after the panels.
        const float h = paragraph_height(ctx.fonts.body, sample, inner);
        const float foot = view_bottom_y(ctx, header_h) - pad - h;
        const float at = std::max(y, foot);
        y = at +
            paragraph(ctx, ImVec2(pad, o.y + at), inner, sample, ctx.fonts.body, c.text_muted) +
            pad;
    }
    view.set_content_height(y);
    return action;
}

}  // namespace kiosk::ui
