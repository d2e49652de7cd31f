// What is on screen this frame, by visible label.
#include "kiosk/ui/screen_labels.hpp"

namespace kiosk::ui {

void ScreenLabels::begin_frame(float screen_w, float screen_h) {
    entries_.clear();
    screen_w_ = screen_w;
    screen_h_ = screen_h;
}

void ScreenLabels::add(std::string_view label, float x, float y, float w, float h, bool tappable) {
    if (label.empty()) return;
    if (x + w <= 0 || y + h <= 0 || x >= screen_w_ || y >= screen_h_) return;
    entries_.push_back(LabelRect{std::string(label), x, y, w, h, tappable});
}

const LabelRect* ScreenLabels::find(std::string_view text) const {
    const LabelRect* best = nullptr;
    auto consider = [&](const LabelRect& e) {
        if (!best || (e.tappable && !best->tappable)) best = &e;
    };
    for (const auto& e : entries_) {
        if (e.label == text) consider(e);
    }
    if (best) return best;
    for (const auto& e : entries_) {
        if (e.label.find(text) != std::string::npos) consider(e);
    }
    return best;
}

}  // namespace kiosk::ui
