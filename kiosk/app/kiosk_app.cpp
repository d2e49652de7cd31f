// Wires the kiosk together and runs its event loop.
#include "kiosk/app/kiosk_app.hpp"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <thread>

#include "base/log.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/theme_style.hpp"

namespace kiosk::app {
namespace {

constexpr std::string_view kElderTheme = "elder";

double ms_between(std::chrono::steady_clock::time_point a,
                  std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// Core workers report from their own threads; one event in the queue is enough to wake the
// loop, however many reports come before it runs.
std::atomic<bool> g_wake_pending{false};

void wake_event_loop() {
    if (g_wake_pending.exchange(true)) return;
    SDL_Event e{};
    e.type = SDL_USEREVENT;
    if (SDL_PushEvent(&e) != 1)
        g_wake_pending = false;  // SDL not up yet: the first frame comes anyway
}

std::uint32_t rgba_u32(themes::Rgba c) {
    return (std::uint32_t{c.r} << 24) | (std::uint32_t{c.g} << 16) | (std::uint32_t{c.b} << 8) |
           c.a;
}

}  // namespace

int frame_interval_ms(ui::KioskUi::Animation animation) {
    switch (animation) {
        case ui::KioskUi::Animation::moving:
            return 16;
        case ui::KioskUi::Animation::waiting:
            return 100;
        case ui::KioskUi::Animation::none:
            break;
    }
    return -1;
}

KioskApp::KioskApp(AppOptions options)
    : options_(std::move(options)),
      clock_(options_.virtual_clock),
      idle_(std::int64_t{options_.config.ui.idle_reset_seconds} * 1000) {}

std::expected<std::unique_ptr<KioskApp>, std::string> KioskApp::create(AppOptions options) {
    std::unique_ptr<KioskApp> app(new KioskApp(std::move(options)));
    const auto& config = app->options_.config;

    // Themes are small data files; all are read now so a switch later needs no file I/O.
    const auto theme_dir = app->options_.share_dir / "themes";
    for (const std::string& name : {config.ui.theme, std::string(kElderTheme)}) {
        if (app->themes_.contains(name)) continue;
        auto theme = themes::load_theme(theme_dir / (name + ".toml"));
        if (theme) {
            app->themes_.emplace(name, std::move(*theme));
        } else if (name == config.ui.theme) {
            return std::unexpected("theme \"" + name + "\": " + theme.error().describe());
        } else {
            base::log::warn("app",
                            "elder theme unavailable, 长辈模式 hidden: ", theme.error().describe());
        }
    }
    const bool elder =
        app->themes_.contains(std::string(kElderTheme)) && config.ui.theme != kElderTheme;
    app->ui_ = std::make_unique<ui::KioskUi>(ui::UiOptions{
        config.ui.theme, elder ? std::optional<std::string>(kElderTheme) : std::nullopt});

    // Content first: the installed bundle, else the one shipped with the program. Its characters
    // decide the font atlas, which a worker starts on at once.
    auto content = core::load_active_content(config.data_dir, app->options_.share_dir);
    if (!content) return std::unexpected(content.error());

    auto font = FontFile::open(config.ui.font);
    if (!font) return std::unexpected(font.error());
    app->font_file_.emplace(std::move(*font));
    app->glyphs_ = std::make_unique<core::GlyphSet>(ui::kiosk_glyphs(config, &content->content));
    app->atlases_ = std::make_unique<ThemeAtlases>(app->atlas_source(app->glyphs_.get()));
    // On the worker, while the display opens here: the theme's atlas is read from its cache file
    // (at the window's size as asked for; a full screen of another size just misses), and the
    // characters the font lacks are logged.
    const auto& asked = app->options_.platform;
    const float scale = static_cast<float>(std::min(asked.width, asked.height)) / 720.0f;
    app->atlases_->preload(app->themes_.at(config.ui.theme), std::max(0.5f, scale));
    app->atlases_->check_glyphs();

    // The core (printing, requests, 待遇查询 and the scanners, each reporting back through an
    // SDL event so its result is on screen within a frame) opens on a thread of its own while the
    // display opens here: its files and devices need not hold up the first frame.
    std::expected<std::unique_ptr<core::KioskCore>, std::string> core = std::unexpected("");
    std::jthread opening(
        [&core, options = core::CoreOptions{config, app->options_.share_dir, wake_event_loop,
                                            std::move(*content)}]() mutable {
            core = core::KioskCore::open(std::move(options));
        });  // joined below, or on the way out if the display cannot open

    app->imgui_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of a session may be written to disk
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_IsTouchScreen | ImGuiConfigFlags_NoMouseCursorChange;

    auto platform = SdlPlatform::create(app->options_.platform);
    if (!platform) return std::unexpected(platform.error());
    app->platform_ = std::move(*platform);
    base::log::info("app", "display ", app->platform_->width(), "x", app->platform_->height(),
                    " driver ", app->platform_->video_driver(), ", renderer ",
                    app->platform_->renderer_name(),
                    app->platform_->software() ? " (software)" : " (accelerated)");

    opening.join();
    if (!core) return std::unexpected(core.error());
    app->core_ = std::move(*core);
    app->input_ = std::make_unique<InputRouter>(app->core_->scans());

    if (auto ok = app->use_theme(config.ui.theme); !ok) return std::unexpected(ok.error());
    app->textures_ = std::make_unique<SdlTextures>(app->platform_->renderer());

    app->note_activity();
    app->last_frame_ms_ = app->clock_.now_ms();
    return app;
}

AtlasSource KioskApp::atlas_source(const core::GlyphSet* glyphs) const {
    const auto& config = options_.config;
    return {font_file_->bytes(),
            config.ui.font_index,
            config.ui.font,
            font_file_->identity(),
            glyphs,
            config.data_dir / "cache"};
}

void KioskApp::switch_content_when_safe() {
    const auto next = core_->waiting_content();
    if (!next || ui_->in_session() || ui_->in_staff_mode()) return;
    if (next != next_content_) {
        // Other content than the atlases under way were readied for (an update came on top of
        // one): start again for this one.
        next_content_ = next;
        next_atlases_.reset();
        next_glyphs_.reset();
    }
    if (!next_atlases_) {
        auto glyphs =
            std::make_unique<core::GlyphSet>(ui::kiosk_glyphs(options_.config, next.get()));
        if (!(*glyphs == *glyphs_)) {
            // New characters: the atlases for them are made on their worker first; this frame
            // and the next ones keep the old content until they are ready.
            base::log::info("app", "new content needs ", glyphs->size(),
                            " glyphs per size: readying its font atlas");
            next_glyphs_ = std::move(glyphs);
            next_atlases_ = std::make_unique<ThemeAtlases>(atlas_source(next_glyphs_.get()));
            next_atlases_->prepare(*theme_, scale_);  // the one on screen first
            for (const auto& [name, theme] : themes_) {
                if (name != theme_->name) next_atlases_->prepare(theme, scale_);
            }
            return;
        }
    } else if (!next_atlases_->ready(*theme_, scale_)) {
        return;
    }
    const bool adopted = core_->adopt_waiting_content(next.get());
    next_content_.reset();
    if (!adopted) {
        next_atlases_.reset();
        next_glyphs_.reset();
        return;
    }
    if (next_atlases_) {
        atlases_ = std::move(next_atlases_);
        glyphs_ = std::move(next_glyphs_);
        if (auto ok = use_theme(theme_->name); !ok) {
            base::log::error("app", "font atlas for the new content failed: ", ok.error());
        }
    }
    // Nothing of a screen may point into the content that went.
    ui_->reset_session();
    textures_->release_all();
}

KioskApp::~KioskApp() {
    input_.reset();
    ui_.reset();
    core_.reset();  // every worker stops before anything it reports to goes
    textures_.reset();
    next_atlases_.reset();
    atlases_.reset();   // its worker may be building an atlas with ImGui's allocator
    platform_.reset();  // the backends shut down before the context goes
    if (imgui_) ImGui::DestroyContext(imgui_);
}

std::expected<void, std::string> KioskApp::use_theme(const std::string& name) {
    const auto it = themes_.find(name);
    if (it == themes_.end()) return std::unexpected("no theme named \"" + name + "\"");
    const auto started = std::chrono::steady_clock::now();
    const float w = static_cast<float>(platform_->width());
    const float h = static_cast<float>(platform_->height());
    // Theme sizes are drawn for a 720 px short side (the 720x1280 portrait panel).
    scale_ = std::max(0.5f, std::min(w, h) / 720.0f);
    auto atlas = atlases_->install(*ImGui::GetIO().Fonts, it->second, scale_);
    if (!atlas) return std::unexpected(atlas.error());
    fonts_ = atlas->fonts;
    theme_ = &it->second;
    ui::apply_theme(*theme_, scale_, ImGui::GetStyle());
    platform_->reload_font_texture(atlas->image->alpha, atlas->image->width, atlas->image->height);
    const char* origin = atlas->origin == AtlasOrigin::memory       ? "prepared in memory"
                         : atlas->origin == AtlasOrigin::cache_file ? "read from the cache"
                                                                    : "built";
    base::log::info("app", "theme ", name, ": ", atlas->glyphs, " glyphs per size, atlas ",
                    atlas->image->width, "x", atlas->image->height, " ", origin, ", ready in ",
                    static_cast<int>(ms_between(started, std::chrono::steady_clock::now())), " ms");
    // The other themes get ready on the worker, so that a switch later neither builds nor reads
    // an atlas on this thread.
    for (const auto& [other, theme] : themes_) {
        if (other != name) atlases_->prepare(theme, scale_);
    }
    return {};
}

bool KioskApp::pump_events(int* handled) {
    SDL_Event e;
    bool keep_going = true;
    int count = 0;
    while (SDL_PollEvent(&e)) {
        ++count;
        if (e.type == SDL_QUIT) keep_going = false;
        if (e.type == SDL_USEREVENT) {
            // Cleared as the event is taken, not before polling: a report that came between
            // the two would otherwise leave the flag set with no event behind it, and every
            // report after it would wait for some other event to wake the loop.
            g_wake_pending = false;
            base::log::debug("app", "woken by a core worker's report");
        }
        if (input_->handle(e, clock_.now_ms())) note_activity();
    }
    if (handled) *handled = count;
    return keep_going;
}

FrameTiming KioskApp::frame(Pixels* capture, bool advance) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const std::int64_t now = clock_.now_ms();

    input_->poll(now);
    switch_content_when_safe();
    for (auto& scan : core_->scans().take(core_->content().info.page_url, base::today_local())) {
        note_activity();
        ui_->on_scan(std::move(scan));
    }
    // Untouched for idle_reset_seconds: a countdown the resident can stop by touching; at its
    // end the session is wiped.
    const std::int64_t countdown_ms =
        std::int64_t{options_.config.ui.idle_countdown_seconds} * 1000;
    if (ui_->in_session() && idle_.expired(now)) {
        const std::int64_t left = idle_.deadline_ms() + countdown_ms - now;
        if (left <= 0) {
            base::log::info(
                "app", "no touch for ",
                options_.config.ui.idle_reset_seconds + options_.config.ui.idle_countdown_seconds,
                " s: session wiped, back to home");
            ui_->reset_session();
            textures_->release_all();
            ui_->set_idle_countdown(std::nullopt);
        } else {
            ui_->set_idle_countdown(static_cast<int>((left + 999) / 1000));
        }
    } else {
        ui_->set_idle_countdown(std::nullopt);
    }
    const float expected_scale = std::max(
        0.5f, static_cast<float>(std::min(platform_->width(), platform_->height())) / 720.0f);
    if (ui_->wanted_theme() != theme_->name || expected_scale != scale_) {
        if (auto ok = use_theme(ui_->wanted_theme()); !ok) {
            base::log::error("app", "theme change failed: ", ok.error());
            ui_->reset_session();
        }
    }

    platform_->begin_frame();
    ImGuiIO& io = ImGui::GetIO();
    input_->apply_pointer(io);
    io.DeltaTime = std::max(0.001f, static_cast<float>(now - last_frame_ms_) / 1000.0f);
    last_frame_ms_ = now;

    ImGui::NewFrame();
    labels_.begin_frame(io.DisplaySize.x, io.DisplaySize.y);
    ui::Context ctx{options_.config, *theme_, fonts_, labels_};
    ctx.width = io.DisplaySize.x;
    ctx.height = io.DisplaySize.y;
    ctx.scale = scale_;
    ctx.now_ms = now;
    ctx.wall_time = std::time(nullptr);
    ctx.today = base::today_local();
    ctx.content = &core_->content();
    ctx.printing = core_->printing();
    ctx.requests = core_->requests();
    ctx.benefits = core_->benefits();
    ctx.staff = &core_->staff();
    ctx.textures = textures_.get();
    const std::string screen_before(ui_->screen_name());
    ui_->frame(ctx);
    ImGui::Render();
    // Only a frame drawn wholly with one screen tells where that screen's buttons are.
    if (ui_->screen_name() == screen_before) log_screen_change();
    const auto t1 = clock::now();

    platform_->render(rgba_u32(theme_->colors.background));
    if (capture) *capture = platform_->read_pixels();
    platform_->present();
    const auto t2 = clock::now();

    ++frames_;
    last_frame_at_ = t2;
    if (recording_) recorded_.push_back(ms_between(t0, t2));
    if (!first_frame_ms_) {
        first_frame_ms_ = ms_between(options_.started, t2);
        base::log::info("app", "first frame after ", static_cast<int>(*first_frame_ms_), " ms");
    }
    if (clock_.is_virtual() && advance) clock_.advance(16);
    return {ms_between(t0, t1), ms_between(t1, t2)};
}

void KioskApp::settle(int frames) {
    for (int i = 0; i < frames; ++i) {
        pump_events();
        frame();
    }
}

void KioskApp::log_screen_change() {
    const std::string screen = ui_->screen_name();
    if (screen == last_screen_) return;
    last_screen_ = screen;
    base::log::info("ui", "screen ", screen);
    // For integration tests that drive a real window: where each button is. Buttons and tiles
    // carry no personal data (an ID is only ever shown masked, as text, never as a button).
    if (base::log::level() == base::log::Level::debug) {
        std::string buttons;
        for (const auto& l : labels_.all()) {
            if (!l.tappable) continue;
            buttons += " [" + l.label + "]@" + std::to_string(static_cast<int>(l.center_x())) +
                       "," + std::to_string(static_cast<int>(l.center_y()));
        }
        base::log::debug("ui", "buttons on ", screen, ":", buttons);
    }
}

int KioskApp::wait_timeout_ms() const {
    const std::int64_t now = clock_.now_ms();
    // The date on the home screen changes at most once a minute.
    std::int64_t deadline =
        now + 60'000 - (static_cast<std::int64_t>(std::time(nullptr)) % 60) * 1000;
    if (const int interval = frame_interval_ms(ui_->animation()); interval >= 0) {
        // The next animation frame, counted from the last one so the rate holds however long
        // a frame took.
        const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - last_frame_at_)
                               .count();
        deadline =
            std::min<std::int64_t>(deadline, now + std::max<std::int64_t>(0, interval - since));
    }
    if (ui_->in_session()) {
        // During the countdown, a frame a second so the number counts down.
        deadline = idle_.expired(now) ? std::min(deadline, now + 1000)
                                      : std::min(deadline, idle_.deadline_ms());
    }
    if (const auto wedge = input_->next_deadline()) deadline = std::min(deadline, *wedge);
    if (const auto ui = ui_->next_deadline_ms()) deadline = std::min(deadline, *ui);
    // New content waits for its font atlas, whose worker does not wake the loop: look again
    // every 200 ms (only while a switch is pending, between residents).
    if (next_atlases_) deadline = std::min(deadline, now + 200);
    return static_cast<int>(std::clamp<std::int64_t>(deadline - now, 0, 60'000));
}

int KioskApp::run() {
    // Drivers that can block on their event source sleep until input comes; the others (the
    // offscreen driver, KMSDRM) would be polled every millisecond by SDL_WaitEventTimeout, so
    // those are polled here every 20 ms instead: a delay no finger notices.
    const std::string& driver = platform_->video_driver();
    const bool can_block = driver == "x11" || driver == "wayland";
    int frames_due = 2;
    while (true) {
        if (frames_due == 0) {
            const int timeout = wait_timeout_ms();
            if (can_block) {
                SDL_WaitEventTimeout(nullptr, timeout);
            } else {
                const auto until =
                    std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout);
                while (!SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT) &&
                       std::chrono::steady_clock::now() < until) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    SDL_PumpEvents();
                }
            }
            frames_due = 1;
        }
        // Counted as they are read, not peeked at before: a press and its release can both
        // still sit in the display's queue, and the release only completes the tap a frame
        // later, so a peek that saw nothing would leave that tap waiting for the next timer.
        int handled = 0;
        if (!pump_events(&handled)) break;
        // ImGui settles a change over a couple of frames (a press, then the screen it opens).
        if (handled > 0) frames_due = std::max(frames_due, 3);
        frame();
        --frames_due;
    }
    base::log::info("app", "quitting");
    return 0;
}

}  // namespace kiosk::app
