// What every page shares: a top bar with 「返回」 and the title, a body that scrolls by dragging,
// and a bottom bar of big buttons.
#pragma once

#include <initializer_list>
#include <string_view>

#include <imgui.h>

#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"

namespace kiosk::ui {

struct TopBar {
    float height = 0;
    bool back = false;  // 「返回」 tapped
    int action = -1;    // which of the right-hand buttons was tapped
};
// `actions` are buttons at the bar's right end, first leftmost (used in landscape, where a
// bottom bar would leave too little of the page).
TopBar top_bar(Context& ctx, std::string_view title,
               std::initializer_list<std::string_view> actions = {});

// A bar with the title only, for a screen with no way back while work is under way (saving);
// returns its height, the same as top_bar's.
float title_bar(Context& ctx, std::string_view title);

// The bottom bar's height for one row of buttons.
float bottom_bar_height(const Context& ctx);
void bottom_bar_background(Context& ctx, float top);

// A region scrolled by a finger. Between begin() and end(), draw at origin() + (x, y) with y
// growing down the page; end() takes the content's height.
class ScrollView {
  public:
    ScrollView(Context& ctx, const char* id, ImVec2 pos, ImVec2 size, KineticScroll& scroll);
    ~ScrollView();
    ScrollView(const ScrollView&) = delete;
    ScrollView& operator=(const ScrollView&) = delete;

    ImVec2 origin() const { return origin_; }
    float width() const { return size_.x; }
    void set_content_height(float height) { content_height_ = height; }

  private:
    void draw_position_hint();

    Context& ctx_;
    ImVec2 pos_, size_, origin_;
    KineticScroll& scroll_;
    float content_height_ = 0;
};

}  // namespace kiosk::ui
