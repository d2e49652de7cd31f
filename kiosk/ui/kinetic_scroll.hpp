// Drag-to-scroll with momentum, as a finger expects on a phone: the page follows the finger, and a
// flick keeps it gliding and slowing down. ImGui has none; this is its physics, free of ImGui.
#pragma once

#include <cstdint>

namespace kiosk::ui {

class KineticScroll {
  public:
    void set_limits(float content_height, float view_height);
    void press(float y, std::int64_t t_ms);
    void move(float y, std::int64_t t_ms);
    void release(std::int64_t t_ms);
    void step(std::int64_t t_ms);  // advance the glide to time t
    void scroll_by(float dy);      // a mouse wheel or a keyboard
    void reset();

    float offset() const { return offset_; }
    float max_offset() const { return max_; }
    bool dragging() const { return dragging_; }  // moved past the tap slop: not a tap any more
    bool pressed() const { return pressed_; }
    bool animating() const { return !pressed_ && velocity_ != 0; }

    static constexpr float kTapSlopPx = 12;

  private:
    void clamp();

    float offset_ = 0, max_ = 0;
    float velocity_ = 0;  // px per ms, positive scrolls down the page
    float last_y_ = 0, press_y_ = 0;
    std::int64_t last_t_ = 0;
    bool pressed_ = false, dragging_ = false;
};

}  // namespace kiosk::ui
