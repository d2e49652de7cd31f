// What is on screen this frame, by visible label. The script driver and the UI tests find
// widgets here, so a script reads like what a person sees and taps.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui {

struct LabelRect {
    std::string label;
    float x = 0, y = 0, w = 0, h = 0;
    bool tappable = false;

    float center_x() const { return x + w / 2; }
    float center_y() const { return y + h / 2; }
};

class ScreenLabels {
  public:
    void begin_frame(float screen_w, float screen_h);
    // Records a label; parts outside the screen are not visible and are not recorded.
    void add(std::string_view label, float x, float y, float w, float h, bool tappable);

    // Exact match first, then a label that contains `text`; tappable entries win.
    const LabelRect* find(std::string_view text) const;
    const std::vector<LabelRect>& all() const { return entries_; }

  private:
    std::vector<LabelRect> entries_;
    float screen_w_ = 0, screen_h_ = 0;
};

}  // namespace kiosk::ui
