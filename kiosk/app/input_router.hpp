// Routes input to where it belongs: pointer and touch to ImGui, keys to ImGui, and character
// bursts through the keyboard-wedge detector so that a scanner's code becomes a scan, wherever
// the focus is. SDL events and the script driver's injected keys take the same path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/scan_hub.hpp"

union SDL_Event;
struct ImGuiIO;

namespace kiosk::app {

class InputRouter {
  public:
    // Characters go through the hub's keyboard wedge; the scans it finds stay in the hub.
    explicit InputRouter(core::ScanHub& scans) : scans_(scans) {}

    // Returns true when the event is a person's activity (it resets the idle clock).
    bool handle(const SDL_Event& event, std::int64_t now_ms);

    void text(std::string_view utf8, std::int64_t t_ms);
    // True when the Enter ended a scan; otherwise the caller lets the UI see the key.
    bool enter(std::int64_t t_ms);
    void poll(std::int64_t now_ms);

    // After the backends' NewFrame: the pointer as SDL events said, not as SDL polls it, so
    // injected and offscreen events work the same as a real touch.
    void apply_pointer(ImGuiIO& io);

    std::optional<std::int64_t> next_deadline() const { return scans_.next_key_deadline(); }

  private:
    void apply(const core::KeyResult& out);

    core::ScanHub& scans_;
    std::string typed_;  // released by the wedge detector, for ImGui's next frame
    float x_ = -1, y_ = -1;
    bool down_ = false;
    bool pressed_since_frame_ = false;  // a tap shorter than a frame still counts
    bool lift_pending_ = false;         // a finger left: move the pointer away after the release
    bool release_sent_ = false;
};

}  // namespace kiosk::app
