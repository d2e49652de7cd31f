// What is on screen this frame, by visible label.
#include "kiosk/ui/screen_labels.hpp"

#include <algorithm>

namespace kiosk::ui {

void ScreenLabels::begin_frame(float screen_w, float screen_h) {
    entries_.clear();
    overflows_.clear();
    clips_.assign(1, Clip{0, 0, screen_w, screen_h});
}

void ScreenLabels::push_clip(float x0, float y0, float x1, float y1) {
    const Clip& c = clips_.back();
    clips_.push_back(
        {std::max(x0, c.x0), std::max(y0, c.y0), std::min(x1, c.x1), std::min(y1, c.y1)});
}

void ScreenLabels::pop_clip() {
    if (clips_.size() > 1) clips_.pop_back();
}

void ScreenLabels::report_overflow(std::string_view label) {
    overflows_.emplace_back(label);
}

void ScreenLabels::add(std::string_view label, float x, float y, float w, float h, bool tappable) {
    if (label.empty() || clips_.empty()) return;
    // Only the visible part counts, so a tap lands on what a person can see.
    const Clip& c = clips_.back();
    const float x0 = std::max(x, c.x0), y0 = std::max(y, c.y0);
    const float x1 = std::min(x + w, c.x1), y1 = std::min(y + h, c.y1);
    if (x1 <= x0 || y1 <= y0) return;
    entries_.push_back(LabelRect{std::string(label), x0, y0, x1 - x0, y1 - y0, tappable});
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

namespace kiosk::ui {

const LabelRect* ScreenLabels::find_tappable(std::string_view text) const {
    for (const auto& e : entries_) {
        if (e.tappable && e.label == text) return &e;
    }
    for (const auto& e : entries_) {
        if (e.tappable && e.label.find(text) != std::string::npos) return &e;
    }
    return nullptr;
}

}  // namespace kiosk::ui
