// The kiosk in the test's own process, headless, on a virtual clock, with its real core and a
// data folder of its own; and scripts played against it as a person would.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "kiosk/app/kiosk_app.hpp"
#include "kiosk/app/script_runner.hpp"
#include "kiosk/core/config.hpp"

namespace test {

inline std::filesystem::path kiosk_data_dir(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("mingbai-app-" + std::to_string(::getpid())) /
           name;
}

// `edit` may change the test config before the kiosk starts.
inline std::unique_ptr<kiosk::app::KioskApp> start_kiosk(
    const std::string& name, const std::function<void(kiosk::core::Config&)>& edit = {}) {
    const auto data = kiosk_data_dir(name);
    std::filesystem::remove_all(data);
    std::filesystem::create_directories(data);
    auto config =
        kiosk::core::load_config(std::filesystem::path(TEST_DATA_DIR) / "config/test.toml", true);
    REQUIRE(config.has_value());
    config->data_dir = data;
    if (edit) edit(*config);
    kiosk::app::AppOptions options;
    options.config = *config;
    options.platform.headless = true;
    options.virtual_clock = true;
    options.share_dir = SHARE_DIR;
    auto app = kiosk::app::KioskApp::create(std::move(options));
    REQUIRE_MESSAGE(app.has_value(), (app ? "" : app.error()));
    return std::move(*app);
}

// Plays script lines against the app; the failure names the step. Screenshots go to `shots`.
inline void play(kiosk::app::KioskApp& app, const std::string& name, const std::string& text,
                 const std::filesystem::path& shots = std::filesystem::temp_directory_path()) {
    auto script = kiosk::app::parse_script(text, name);
    REQUIRE_MESSAGE(script.has_value(), (script ? "" : script.error().describe()));
    std::ostringstream out;
    const auto outcome = kiosk::app::run_script(app, *script, {shots}, out);
    REQUIRE_MESSAGE(outcome.ok, outcome.failure);
}

}  // namespace test
