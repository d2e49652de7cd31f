// Routes input: pointer to ImGui, keys to ImGui, character bursts through the wedge detector.
#include "kiosk/app/input_router.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>

#include <utility>

namespace kiosk::app {

bool InputRouter::handle(const SDL_Event& e, std::int64_t now_ms) {
    switch (e.type) {
        case SDL_MOUSEMOTION:
            x_ = static_cast<float>(e.motion.x);
            y_ = static_cast<float>(e.motion.y);
            return down_;
        case SDL_MOUSEBUTTONDOWN:
            if (e.button.button != SDL_BUTTON_LEFT) return true;
            x_ = static_cast<float>(e.button.x);
            y_ = static_cast<float>(e.button.y);
            down_ = true;
            pressed_since_frame_ = true;
            lift_pending_ = release_sent_ = false;
            return true;
        case SDL_MOUSEBUTTONUP:
            if (e.button.button != SDL_BUTTON_LEFT) return true;
            x_ = static_cast<float>(e.button.x);
            y_ = static_cast<float>(e.button.y);
            down_ = false;
            // A finger has no hover: once the release is seen, nothing stays highlighted.
            lift_pending_ = e.button.which == SDL_TOUCH_MOUSEID;
            return true;
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION:
            return true;  // handled through the mouse events SDL makes from them
        case SDL_TEXTINPUT:
            text(e.text.text, now_ms);
            return true;
        case SDL_KEYDOWN:
            if (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) {
                const auto out = scans_.key_enter(now_ms);
                apply(out);
                if (out.enter_consumed) return true;
            }
            ImGui_ImplSDL2_ProcessEvent(&e);
            return true;
        case SDL_KEYUP:
        case SDL_MOUSEWHEEL:
            ImGui_ImplSDL2_ProcessEvent(&e);
            return true;
        default:
            ImGui_ImplSDL2_ProcessEvent(&e);
            return false;
    }
}

void InputRouter::text(std::string_view utf8, std::int64_t t_ms) {
    apply(scans_.key_text(utf8, t_ms));
}

bool InputRouter::enter(std::int64_t t_ms) {
    const auto out = scans_.key_enter(t_ms);
    apply(out);
    return out.enter_consumed;
}

void InputRouter::poll(std::int64_t now_ms) {
    apply(scans_.poll_keys(now_ms));
}

void InputRouter::apply(const core::KeyResult& out) {
    typed_ += out.typed;
}

void InputRouter::apply_pointer(ImGuiIO& io) {
    if (!typed_.empty()) {
        io.AddInputCharactersUTF8(typed_.c_str());
        typed_.clear();
    }
    io.MouseDown[0] = down_ || pressed_since_frame_;
    pressed_since_frame_ = false;
    if (lift_pending_ && !io.MouseDown[0]) {
        // One frame with the button up at the finger's place (the tap lands), then away.
        if (release_sent_) {
            x_ = y_ = -FLT_MAX;
            lift_pending_ = release_sent_ = false;
        } else {
            release_sent_ = true;
        }
    }
    io.MousePos = ImVec2(x_, y_);
}

}  // namespace kiosk::app
