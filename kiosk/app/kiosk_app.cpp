// Wires the kiosk together and runs its event loop.
#include "kiosk/app/kiosk_app.hpp"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <ctime>
#include <thread>

#include "base/log.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "scanner/id_number.hpp"
#include "scanner/payload.hpp"
#include "kiosk/ui/fonts.hpp"
#include "kiosk/ui/theme_style.hpp"

namespace kiosk::app {
namespace {

constexpr std::string_view kElderTheme = "elder";

double ms_between(std::chrono::steady_clock::time_point a,
                  std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

std::uint32_t rgba_u32(themes::Rgba c) {
    return (std::uint32_t{c.r} << 24) | (std::uint32_t{c.g} << 16) | (std::uint32_t{c.b} << 8) |
           c.a;
}

}  // namespace

KioskApp::KioskApp(AppOptions options)
    : options_(std::move(options)),
      clock_(options_.virtual_clock),
      ui_(ui::UiOptions{options_.config.ui.theme, std::nullopt}),
      input_(scanner::WedgeOptions{options_.config.scanner.wedge_max_key_gap_ms,
                                   static_cast<std::size_t>(options_.config.scanner.wedge_min_length), 4096}),
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
    app->ui_ = ui::KioskUi(ui::UiOptions{
        config.ui.theme, elder ? std::optional<std::string>(kElderTheme) : std::nullopt});

    // Content: the installed bundle, else the one shipped with the program. A bad bundle is
    // logged and passed over; the kiosk never starts without something to explain.
    auto content = core::load_active_content(config.data_dir, app->options_.share_dir);
    if (!content) return std::unexpected(content.error());
    for (const auto& why : content->refused) base::log::warn("content", "bundle not used: ", why);
    app->content_ = std::move(content->content);
    if (base::today_local() > app->content_.info.expiry_date) {
        base::log::warn("content", "bundle expired on ", app->content_.info.expiry_date.to_string(),
                        "; residents are told so on the home screen");
    }
    base::log::info("content", "bundle ", content->source.string(), ": version ",
                    app->content_.info.version, ", ", app->content_.items.size(), " items, ",
                    app->content_.info.county);

    auto font = FontFile::open(config.ui.font);
    if (!font) return std::unexpected(font.error());
    app->font_file_.emplace(std::move(*font));
    app->glyphs_ = ui::kiosk_glyphs(config, &app->content_);
    app->atlases_ = std::make_unique<ThemeAtlases>(
        AtlasSource{app->font_file_->bytes(), config.ui.font_index, config.ui.font,
                    app->font_file_->identity(), &app->glyphs_, config.data_dir / "cache"});
    // On the worker, while the display opens here: the theme's atlas is read from its cache file
    // (at the window's size as asked for; a full screen of another size just misses), and the
    // characters the font lacks are logged.
    const auto& asked = app->options_.platform;
    const float scale = static_cast<float>(std::min(asked.width, asked.height)) / 720.0f;
    app->atlases_->preload(app->themes_.at(config.ui.theme), std::max(0.5f, scale));
    app->atlases_->check_glyphs();

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

    if (auto ok = app->use_theme(config.ui.theme); !ok) return std::unexpected(ok.error());
    app->textures_ = std::make_unique<SdlTextures>(app->platform_->renderer());

    auto state = core::StateDb::open(config.data_dir);
    if (!state) return std::unexpected(state.error());
    app->state_ = std::move(*state);
    // Printing is a capability like any other: when it cannot start, the kiosk runs without
    // print buttons and says why in the log.
    core::PrintSettings print{config.printer.transport, config.printer.profile, config.printer.roll_length_m,
                              app->options_.share_dir / "printer-profiles", config.data_dir, config.ui.font,
                              config.ui.font_index};
    auto printing = core::PrintService::create(print, app->state_.get(), [] {
        // From the printer thread: wake the event loop so the screen shows the change.
        SDL_Event e{};
        e.type = SDL_USEREVENT;
        SDL_PushEvent(&e);
    });
    if (printing) {
        app->printing_ = std::move(*printing);
    } else {
        base::log::error("printer", "printing unavailable: ", printing.error());
    }
    auto requests = core::RequestService::create(config, [] {
        SDL_Event e{};
        e.type = SDL_USEREVENT;
        SDL_PushEvent(&e);
    });
    if (requests) {
        app->requests_ = std::move(*requests);
    } else {
        base::log::error("request", "帮办代办 unavailable: ", requests.error());
    }

    for (const auto& spec : config.scanner.devices) {
        const bool serial = spec.starts_with("serial:");
        const std::string device = spec.substr(spec.find(':') + 1);
        KioskApp* self = app.get();
        auto scanner = scanner::DeviceScanner::start(
            serial ? scanner::DeviceScanner::Kind::serial : scanner::DeviceScanner::Kind::evdev, device,
            [self](scanner::DeviceScan scan) {
                if (scan.problem) {
                    base::log::warn("scanner", *scan.problem);
                } else {
                    self->external_scan(std::move(scan.payload));
                }
            });
        if (scanner) {
            app->device_scanners_.push_back(std::move(*scanner));
            base::log::info("scanner", "scanner on ", spec);
        } else {
            base::log::error("scanner", spec, ": ", scanner.error());
        }
    }

    if (const auto& cam = config.scanner.camera; !cam.empty()) {
        scanner::ScanWorkerOptions o;
        o.on_error = [](const std::string& message) { base::log::warn("camera", message); };
        // The codes wait in the worker; the UI thread takes them on the frame this wakes.
        o.on_code = [] {
            SDL_Event e{};
            e.type = SDL_USEREVENT;
            SDL_PushEvent(&e);
        };
        scanner::ScanWorker::Opener open = [cam]() -> std::expected<scanner::FrameSourcePtr, std::string> {
            if (cam.starts_with("files:")) {
                auto files = scanner::FileFrameSource::open(cam.substr(6));
                if (!files) return std::unexpected(files.error());
                return scanner::FrameSourcePtr(std::move(*files));
            }
            return scanner::open_camera({cam});
        };
        app->camera_ = std::make_unique<scanner::ScanWorker>(std::move(open), std::move(o));
        base::log::info("camera", "scanning frames from ", cam);
    }
    if (!config.scanner.card_reader.empty()) {
        KioskApp* self = app.get();
        app->card_watch_ = std::make_unique<scanner::CardWatch>(
            scanner::CardReaderOptions{config.scanner.card_reader}, [self](scanner::CardWatch::Event e) {
                if (e.problem) base::log::warn("idcard", *e.problem);
                // The card's number takes the same road as a scanned one; it is wiped there.
                if (e.card) self->external_scan(e.card->full_number_for_transmission());
            });
        base::log::info("idcard", "ID card reader on ", config.scanner.card_reader);
    }

    app->note_activity();
    app->last_frame_ms_ = app->clock_.now_ms();
    return app;
}

void KioskApp::external_scan(std::string payload) {
    {
        std::lock_guard lock(external_mutex_);
        external_scans_.push_back(std::move(payload));
    }
    SDL_Event e{};
    e.type = SDL_USEREVENT;
    SDL_PushEvent(&e);
}

KioskApp::~KioskApp() {
    device_scanners_.clear();  // their threads call back into this object
    card_watch_.reset();
    camera_.reset();
    requests_.reset();
    printing_.reset();  // the printer thread stops before anything it reports to goes
    textures_.reset();
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

bool KioskApp::pump_events() {
    SDL_Event e;
    bool keep_going = true;
    while (SDL_PollEvent(&e)) {
        if (e.type == SDL_QUIT) keep_going = false;
        if (input_.handle(e, clock_.now_ms())) note_activity();
    }
    return keep_going;
}

FrameTiming KioskApp::frame(Pixels* capture, bool advance) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const std::int64_t now = clock_.now_ms();

    input_.poll(now);
    auto scans = input_.take_scans();
    if (camera_) {
        for (auto& code : camera_->take()) scans.push_back(std::move(code.text));
    }
    {
        std::lock_guard lock(external_mutex_);
        for (auto& s : external_scans_) scans.push_back(std::move(s));
        external_scans_.clear();
    }
    for (auto& scan : scans) {
        note_activity();
        const auto action = scanner::classify_payload(scan, content_.info.page_url);
        // Kind and length only: a scan may be an ID number.
        base::log::info("app", "scan: ", scanner::describe_for_log(scan, action));
        std::optional<scanner::IdNumber> id;
        if (action.kind == scanner::PayloadAction::Kind::id) {
            if (auto parsed = scanner::IdNumber::parse(scan)) id = *parsed;
        }
        // Wipe the payload: it may be personal.
        std::fill(scan.begin(), scan.end(), '\0');
        ui_.on_scan(action, std::move(id));
    }
    // Untouched for idle_reset_seconds: a countdown the resident can stop by touching; at its
    // end the session is wiped.
    const std::int64_t countdown_ms = std::int64_t{options_.config.ui.idle_countdown_seconds} * 1000;
    if (ui_.in_session() && idle_.expired(now)) {
        const std::int64_t left = idle_.deadline_ms() + countdown_ms - now;
        if (left <= 0) {
            base::log::info("app", "no touch for ", options_.config.ui.idle_reset_seconds +
                                                        options_.config.ui.idle_countdown_seconds,
                            " s: session wiped, back to home");
            ui_.reset_session();
            textures_->release_all();
            ui_.set_idle_countdown(std::nullopt);
        } else {
            ui_.set_idle_countdown(static_cast<int>((left + 999) / 1000));
        }
    } else {
        ui_.set_idle_countdown(std::nullopt);
    }
    const float expected_scale = std::max(
        0.5f, static_cast<float>(std::min(platform_->width(), platform_->height())) / 720.0f);
    if (ui_.wanted_theme() != theme_->name || expected_scale != scale_) {
        if (auto ok = use_theme(ui_.wanted_theme()); !ok) {
            base::log::error("app", "theme change failed: ", ok.error());
            ui_.reset_session();
        }
    }

    platform_->begin_frame();
    ImGuiIO& io = ImGui::GetIO();
    input_.apply_pointer(io);
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
    ctx.content = &content_;
    ctx.printing = printing_.get();
    ctx.requests = requests_.get();
    ctx.textures = textures_.get();
    ui_.frame(ctx);
    ImGui::Render();
    const auto t1 = clock::now();

    platform_->render(rgba_u32(theme_->colors.background));
    if (capture) *capture = platform_->read_pixels();
    platform_->present();
    const auto t2 = clock::now();

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

int KioskApp::wait_timeout_ms() const {
    const std::int64_t now = clock_.now_ms();
    // The date on the home screen changes at most once a minute.
    std::int64_t deadline =
        now + 60'000 - (static_cast<std::int64_t>(std::time(nullptr)) % 60) * 1000;
    if (ui_.animating()) return 0;
    if (ui_.in_session()) {
        // During the countdown, a frame a second so the number counts down.
        deadline = idle_.expired(now) ? std::min(deadline, now + 1000) : std::min(deadline, idle_.deadline_ms());
    }
    if (const auto wedge = input_.next_deadline()) deadline = std::min(deadline, *wedge);
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
        const bool had_events = SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT) == SDL_TRUE;
        if (!pump_events()) break;
        // ImGui settles a change over a couple of frames (a press, then the screen it opens).
        if (had_events) frames_due = std::max(frames_due, 3);
        if (ui_.animating()) frames_due = std::max(frames_due, 1);
        frame();
        --frames_due;
    }
    base::log::info("app", "quitting");
    return 0;
}

}  // namespace kiosk::app
