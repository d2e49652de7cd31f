// Plays a script against the real UI: taps and keys go in as SDL events, scans through the same
// input router as a keyboard-wedge scanner, and `expect` reads what the screen shows.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "kiosk/app/kiosk_app.hpp"
#include "kiosk/app/script.hpp"

namespace kiosk::app {

struct ScriptRunOptions {
    std::filesystem::path shots_dir = "out/tour";
};

struct ScriptOutcome {
    bool ok = true;
    std::string failure;  // "tour.script:12: expect 政策明白纸: not on screen (...)"
    int shots = 0;
};

// Writes one line per `shot` to `out`.
ScriptOutcome run_script(KioskApp& app, const Script& script, const ScriptRunOptions& options,
                         std::ostream& out);

bool write_png(const std::filesystem::path& path, const Pixels& pixels);

}  // namespace kiosk::app
