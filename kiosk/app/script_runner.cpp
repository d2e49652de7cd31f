// Plays a script against the real UI.
#include "kiosk/app/script_runner.hpp"

#include <SDL.h>
#include <stb_image_write.h>

#include <chrono>
#include <cmath>
#include <system_error>

#include "base/utf8.hpp"

namespace kiosk::app {
namespace {

constexpr int kSettleFrames = 4;
constexpr std::int64_t kHumanKeyGapMs = 150;
constexpr std::int64_t kScannerKeyGapMs = 5;
constexpr auto kExpectTimeout = std::chrono::seconds(5);

void push_button(Uint32 type, float x, float y) {
    SDL_Event e{};
    e.type = type;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.which = SDL_TOUCH_MOUSEID;  // a finger, as on the kiosk's panel
    e.button.x = static_cast<Sint32>(std::lround(x));
    e.button.y = static_cast<Sint32>(std::lround(y));
    SDL_PushEvent(&e);
}

void push_motion(float x, float y) {
    SDL_Event e{};
    e.type = SDL_MOUSEMOTION;
    e.motion.which = SDL_TOUCH_MOUSEID;
    e.motion.state = SDL_BUTTON_LMASK;
    e.motion.x = static_cast<Sint32>(std::lround(x));
    e.motion.y = static_cast<Sint32>(std::lround(y));
    SDL_PushEvent(&e);
}

void push_key(SDL_Keycode key) {
    for (const Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
        SDL_Event e{};
        e.type = type;
        e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
        e.key.keysym.sym = key;
        e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
        SDL_PushEvent(&e);
    }
}

std::string on_screen_summary(const ui::ScreenLabels& labels) {
    std::string list;
    for (const auto& l : labels.all()) {
        if (list.size() > 300) {
            list += ", …";
            break;
        }
        list += (list.empty() ? "" : ", ") + ("\"" + l.label + "\"");
    }
    return list.empty() ? "nothing" : list;
}

class Runner {
  public:
    Runner(KioskApp& app, const ScriptRunOptions& options, std::ostream& out, std::string name)
        : app_(app), options_(options), out_(out), name_(std::move(name)) {}

    // Returns what went wrong, or empty.
    std::string step(const Step& s) {
        switch (s.kind) {
            case StepKind::tap_label: {
                // Only what a finger can press: a tap that lands on plain text would hide a
                // button that is missing or off the screen. A screen still waiting on core work
                // (laying out a sheet, saving) shows its buttons when done: wait, as a person
                // would, within the same bound as `expect`.
                settle_until([&] { return app_.labels().find_tappable(s.text) != nullptr; });
                const auto* target = app_.labels().find_tappable(s.text);
                if (!target) {
                    return "nothing to tap labelled \"" + s.text +
                           "\" on screen (on screen: " + on_screen_summary(app_.labels()) + ")";
                }
                tap(target->center_x(), target->center_y());
                return {};
            }
            case StepKind::tap_point:
                tap(s.numbers[0], s.numbers[1]);
                return {};
            case StepKind::drag:
                drag(s.numbers[0], s.numbers[1], s.numbers[2], s.numbers[3]);
                return {};
            case StepKind::hold: {
                const float w = static_cast<float>(app_.platform().width());
                const float h = static_cast<float>(app_.platform().height());
                const float x = s.numbers[0] < 0 ? w + s.numbers[0] : s.numbers[0];
                const float y = s.numbers[1] < 0 ? h + s.numbers[1] : s.numbers[1];
                hold(x, y, static_cast<std::int64_t>(s.numbers[2] * 1000.0f));
                return {};
            }
            case StepKind::key: {
                SDL_Keycode key = SDL_GetKeyFromName(s.text == "Enter" ? "Return" : s.text.c_str());
                if (key == SDLK_UNKNOWN) return "unknown key name \"" + s.text + "\"";
                push_key(key);
                app_.settle(kSettleFrames);
                return {};
            }
            case StepKind::type:
                for (const char32_t cp : base::utf8::decode(s.text)) {
                    app_.note_activity();
                    app_.input().text(base::utf8::encode(cp), app_.clock().now_ms());
                    app_.clock().advance(kHumanKeyGapMs);
                    app_.frame();
                }
                app_.settle(kSettleFrames);
                return {};
            case StepKind::scan:
                // A wedge scanner: the whole code in a few milliseconds, then Enter.
                for (const char32_t cp : base::utf8::decode(s.text)) {
                    app_.input().text(base::utf8::encode(cp), app_.clock().now_ms());
                    app_.clock().advance(kScannerKeyGapMs);
                }
                if (!app_.input().enter(app_.clock().now_ms())) push_key(SDLK_RETURN);
                app_.settle(kSettleFrames);
                return {};
            case StepKind::wait: {
                const int frames = std::max(1, static_cast<int>(std::ceil(s.numbers[0] / 16.0f)));
                for (int i = 0; i < frames; ++i) {
                    app_.pump_events();
                    app_.frame();  // each frame moves the virtual clock 16 ms
                }
                return {};
            }
            case StepKind::idle:
                app_.clock().advance(static_cast<std::int64_t>(s.numbers[0] * 1000.0f));
                app_.settle(kSettleFrames);
                return {};
            case StepKind::shot:
                return shot(s.text);
            case StepKind::expect:
                // Work on other threads (printing, the network) shows up when it is done:
                // wait for it, within a bound, as a person would glance again.
                if (!settle_until([&] { return app_.labels().find(s.text) != nullptr; })) {
                    return "\"" + s.text +
                           "\" is not on screen (on screen: " + on_screen_summary(app_.labels()) +
                           ")";
                }
                return {};
            case StepKind::expect_not:
                if (!settle_until([&] { return app_.labels().find(s.text) == nullptr; })) {
                    return "\"" + s.text + "\" is on screen";
                }
                return {};
        }
        return "unhandled step";
    }

    int shots() const { return shots_; }

  private:
    // Draws frames, without moving the virtual clock, until `done` or the time limit. Threads
    // that finish work push an SDL event, which ends the wait for the next frame at once.
    template <class Pred>
    bool settle_until(Pred done) {
        const auto deadline = std::chrono::steady_clock::now() + kExpectTimeout;
        while (!done()) {
            if (std::chrono::steady_clock::now() >= deadline) return false;
            SDL_WaitEventTimeout(nullptr, 20);
            app_.pump_events();
            app_.frame(nullptr, false);
        }
        return true;
    }

    void tap(float x, float y) {
        push_motion(x, y);
        push_button(SDL_MOUSEBUTTONDOWN, x, y);
        app_.settle(1);
        push_button(SDL_MOUSEBUTTONUP, x, y);
        app_.settle(kSettleFrames);
    }

    // A finger resting still: frames come as the loop's deadlines would bring them, the virtual
    // clock moving a tenth of a second each.
    void hold(float x, float y, std::int64_t ms) {
        constexpr std::int64_t kStepMs = 100;
        push_motion(x, y);
        push_button(SDL_MOUSEBUTTONDOWN, x, y);
        app_.settle(1);
        for (std::int64_t held = 0; held < ms; held += kStepMs) {
            app_.clock().advance(kStepMs);
            app_.pump_events();
            app_.frame(nullptr, false);
        }
        push_button(SDL_MOUSEBUTTONUP, x, y);
        app_.settle(kSettleFrames);
    }

    void drag(float x1, float y1, float x2, float y2) {
        constexpr int kSteps = 12;
        push_motion(x1, y1);
        push_button(SDL_MOUSEBUTTONDOWN, x1, y1);
        app_.settle(1);
        for (int i = 1; i <= kSteps; ++i) {
            const float t = static_cast<float>(i) / kSteps;
            push_motion(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t);
            app_.settle(1);
        }
        push_button(SDL_MOUSEBUTTONUP, x2, y2);
        app_.settle(kSettleFrames);
    }

    std::string shot(const std::string& name) {
        std::error_code ec;
        std::filesystem::create_directories(options_.shots_dir, ec);
        Pixels px;
        app_.pump_events();
        app_.frame(&px);
        const auto path = options_.shots_dir / (name + ".png");
        if (px.rgba.empty() || !write_png(path, px)) return "could not write " + path.string();
        ++shots_;
        out_ << name_ << ": " << name << " (" << app_.screen_name() << ") -> " << path.string()
             << "\n";
        out_.flush();
        return {};
    }

    KioskApp& app_;
    const ScriptRunOptions& options_;
    std::ostream& out_;
    std::string name_;
    int shots_ = 0;
};

}  // namespace

bool write_png(const std::filesystem::path& path, const Pixels& px) {
    return stbi_write_png(path.c_str(), px.width, px.height, 4, px.rgba.data(), px.width * 4) != 0;
}

ScriptOutcome run_script(KioskApp& app, const Script& script, const ScriptRunOptions& options,
                         std::ostream& out) {
    Runner runner(app, options, out, std::filesystem::path(script.file).stem().string());
    app.settle(2);  // the first screen is up before the first step looks at it
    for (const auto& s : script.steps) {
        if (!app.pump_events())
            return {false, script.file + ": the kiosk was asked to quit", runner.shots()};
        auto problem = runner.step(s);
        // Text that runs out of its box is a failure wherever the script happens to be.
        if (problem.empty() && !app.labels().overflows().empty()) {
            problem = "text does not fit on screen: \"" + app.labels().overflows().front() + "\"";
        }
        if (!problem.empty()) {
            return {false,
                    script.file + ":" + std::to_string(s.line) + ": " + s.source + ": " + problem,
                    runner.shots()};
        }
    }
    return {true, {}, runner.shots()};
}

}  // namespace kiosk::app
