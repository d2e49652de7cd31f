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

    // Labels inside a scrolled region are visible only where the region shows them.
    void push_clip(float x0, float y0, float x1, float y1);
    void pop_clip();

    // Text that did not fit its box: the driver fails a run that shows any.
    void report_overflow(std::string_view label);
    const std::vector<std::string>& overflows() const { return overflows_; }

    // Exact match first, then a label that contains `text`; tappable entries win.
    const LabelRect* find(std::string_view text) const;
    // What a finger can tap: a tappable label, exact first, then one that contains `text`.
    const LabelRect* find_tappable(std::string_view text) const;
    const std::vector<LabelRect>& all() const { return entries_; }

  private:
    struct Clip {
        float x0, y0, x1, y1;
    };
    std::vector<LabelRect> entries_;
    std::vector<Clip> clips_;
    std::vector<std::string> overflows_;
};

}  // namespace kiosk::ui
