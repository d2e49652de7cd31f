// Keyboard-wedge burst detection.
#include "scanner/wedge.hpp"

namespace scanner {

WedgeOutput WedgeDetector::poll(std::int64_t t_ms) {
    WedgeOutput out;
    if ((!held_.empty() || overflowed_) && t_ms - last_key_ms_ > options_.max_key_gap_ms) {
        if (!overflowed_) out.typed = std::move(held_);
        held_.clear();
        held_chars_ = 0;
        overflowed_ = false;
    }
    return out;
}

WedgeOutput WedgeDetector::on_text(std::string_view utf8, std::int64_t t_ms) {
    WedgeOutput out = poll(t_ms);
    last_key_ms_ = t_ms;
    if (overflowed_) return out;
    held_ += utf8;
    ++held_chars_;
    if (held_chars_ > options_.max_scan_length) {
        // Nobody types this fast for this long: a scanner that lost its Enter, or junk.
        out.problem = "scanner burst longer than " + std::to_string(options_.max_scan_length) +
                      " characters without Enter; dropped";
        held_.clear();
        held_chars_ = 0;
        overflowed_ = true;
    }
    return out;
}

WedgeOutput WedgeDetector::on_enter(std::int64_t t_ms) {
    WedgeOutput out = poll(t_ms);
    if (overflowed_) {
        overflowed_ = false;
        out.enter_consumed = true;
        return out;
    }
    if (held_chars_ >= options_.min_scan_length) {
        out.scan = std::move(held_);
        out.enter_consumed = true;
    } else {
        out.typed += held_;
    }
    held_.clear();
    held_chars_ = 0;
    return out;
}

std::optional<std::int64_t> WedgeDetector::next_deadline() const {
    if (held_.empty() && !overflowed_) return std::nullopt;
    return last_key_ms_ + options_.max_key_gap_ms + 1;
}

}  // namespace scanner
