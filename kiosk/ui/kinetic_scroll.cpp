// Drag-to-scroll with momentum.
#include "kiosk/ui/kinetic_scroll.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {
namespace {

constexpr float kTimeConstantMs = 325;  // glide decay, as on phones people already know
constexpr float kMaxVelocity = 6;       // px/ms; a wild flick still stays readable
constexpr float kStopVelocity = 0.02f;  // below this the page is at rest

}  // namespace

void KineticScroll::set_limits(float content_height, float view_height) {
    max_ = std::max(0.0f, content_height - view_height);
    clamp();
}

void KineticScroll::press(float y, std::int64_t t) {
    pressed_ = true;
    dragging_ = false;
    velocity_ = 0;  // a touch stops a glide, as it does on a phone
    last_y_ = press_y_ = y;
    last_t_ = t;
}

void KineticScroll::move(float y, std::int64_t t) {
    if (!pressed_) return;
    if (!dragging_ && std::fabs(y - press_y_) < kTapSlopPx) return;
    dragging_ = true;
    const float dy = last_y_ - y;
    offset_ += dy;
    clamp();
    const auto dt = static_cast<float>(std::max<std::int64_t>(1, t - last_t_));
    velocity_ = std::clamp(0.8f * (dy / dt) + 0.2f * velocity_, -kMaxVelocity, kMaxVelocity);
    last_y_ = y;
    last_t_ = t;
}

void KineticScroll::release(std::int64_t t) {
    if (!pressed_) return;
    pressed_ = false;
    // A finger that stopped before lifting means "stay here".
    if (!dragging_ || t - last_t_ > 100 || std::fabs(velocity_) < 0.05f) velocity_ = 0;
    dragging_ = false;
    last_t_ = t;
}

void KineticScroll::step(std::int64_t t) {
    if (pressed_ || velocity_ == 0) {
        if (!pressed_) last_t_ = t;
        return;
    }
    const auto dt = static_cast<float>(std::max<std::int64_t>(0, t - last_t_));
    last_t_ = t;
    // Exact integral of an exponentially decaying velocity over dt.
    const float decay = std::exp(-dt / kTimeConstantMs);
    offset_ += velocity_ * kTimeConstantMs * (1 - decay);
    velocity_ *= decay;
    if (std::fabs(velocity_) < kStopVelocity) velocity_ = 0;
    clamp();
}

void KineticScroll::scroll_by(float dy) {
    offset_ += dy;
    velocity_ = 0;
    clamp();
}

void KineticScroll::reset() {
    *this = KineticScroll();
}

void KineticScroll::clamp() {
    if (offset_ < 0 || offset_ > max_) {
        offset_ = std::clamp(offset_, 0.0f, max_);
        velocity_ = 0;
    }
}

}  // namespace kiosk::ui
