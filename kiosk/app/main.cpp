// The kiosk program: reads flags and config, then opens the window or plays a script headless.
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "base/log.hpp"
#include "kiosk/app/kiosk_app.hpp"
#include "kiosk/app/script_runner.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/data_paths.hpp"

namespace {

bool parse_size(const std::string& text, int& w, int& h) {
    char x = 0;
    std::istringstream in(text);
    return (in >> w >> x >> h) && x == 'x' && in.eof() && w >= 240 && h >= 240 && w <= 7680 &&
           h <= 7680;
}

bool has_display() {
    const char* x = std::getenv("DISPLAY");
    const char* wl = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wl && *wl);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk;
    app::AppOptions options;  // records the start time for the first-frame figure
    // A write past a file size limit then fails (EFBIG, said as a full disk: the content or the
    // request is refused and the kiosk goes on) instead of ending the kiosk.
    std::signal(SIGXFSZ, SIG_IGN);

    CLI::App cli{"明白站 kiosk: the touch-screen program of the village social-assistance station.",
                 "kiosk"};
    std::string config_flag, data_dir_flag, size, script_path, log_level;
    std::string shots_dir = "out/tour";
    bool fullscreen = false, headless = false, software = false;
    cli.add_option("--config", config_flag,
                   "Config file (default $MINGBAI_CONFIG, else /etc/mingbai/kiosk.toml)");
    cli.add_option(
        "--data-dir", data_dir_flag,
        "State folder (default $MINGBAI_DATA_DIR, else the config's, else /var/lib/mingbai)");
    cli.add_option("--size", size, "Window size WxH, e.g. 720x1280 (portrait) or 1280x720");
    cli.add_flag("--fullscreen", fullscreen, "Fill the screen");
    cli.add_flag("--headless", headless,
                 "No display: SDL's offscreen driver (implied by --script when no display is set)");
    cli.add_flag("--software", software, "Use the software renderer even where a GPU is present");
    cli.add_option("--script", script_path,
                   "Play this script against the UI, then exit (0 if it passed)");
    cli.add_option("--shots", shots_dir, "Folder for the PNGs of `shot` steps")
        ->capture_default_str();
    cli.add_option("--log-level", log_level, "debug, info, warn or error (overrides the config)")
        ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
    CLI11_PARSE(cli, argc, argv);

    const auto where = core::locate_config(config_flag);
    auto config = core::load_config(where.path, where.required);
    if (!config) {
        std::cerr << "kiosk: configuration problem, not starting: " << config.error().describe()
                  << "\n";
        return 2;
    }
    core::apply_data_dir_overrides(*config, data_dir_flag);
    base::log::set_level(
        *base::log::parse_level(log_level.empty() ? config->log.level : log_level));
    base::log::info("app", "config ",
                    config->source.empty() ? "(built-in defaults)" : config->source.string(),
                    ", data ", config->data_dir.string());
    // The files the config names, checked as `kioskctl config check` checks them.
    for (const auto& problem : core::check_config(*config, core::share_dir())) {
        if (problem.stops_start) {
            std::cerr << "kiosk: configuration problem, not starting: " << problem.describe()
                      << "\n";
            return 2;
        }
        base::log::error("app", "configuration problem: ", problem.describe());
    }
    if (auto ok = core::prepare_data_dir(config->data_dir); !ok) {
        std::cerr << "kiosk: " << ok.error() << "\n";
        return 2;
    }

    options.platform.width = config->display.width;
    options.platform.height = config->display.height;
    if (!size.empty() && !parse_size(size, options.platform.width, options.platform.height)) {
        std::cerr << "kiosk: --size expects WxH between 240 and 7680, e.g. 720x1280; got " << size
                  << "\n";
        return 2;
    }
    options.platform.fullscreen = fullscreen || config->display.fullscreen;
    options.platform.headless = headless || (!script_path.empty() && !has_display());
    options.platform.force_software = software || config->display.renderer == "software";
    options.virtual_clock = !script_path.empty();
    options.share_dir = core::share_dir();
    options.config = std::move(*config);

    std::optional<app::Script> script;
    if (!script_path.empty()) {
        auto loaded = app::load_script(script_path);
        if (!loaded) {
            std::cerr << "kiosk: script problem: " << loaded.error().describe() << "\n";
            return 2;
        }
        script = std::move(*loaded);
    }

    auto kiosk = app::KioskApp::create(std::move(options));
    if (!kiosk) {
        std::cerr << "kiosk: cannot start: " << kiosk.error() << "\n";
        return 2;
    }
    if (!script) return (*kiosk)->run();

    const auto outcome = app::run_script(**kiosk, *script, {shots_dir}, std::cout);
    if (!outcome.ok) {
        std::cerr << "kiosk: script failed at " << outcome.failure << "\n";
        return 1;
    }
    std::cout << std::filesystem::path(script->file).stem().string() << ": passed, "
              << script->steps.size() << " steps, " << outcome.shots << " screenshots in "
              << shots_dir << "\n";
    return 0;
}
