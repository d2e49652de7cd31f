// Where the kiosk keeps its state and finds its shipped data files.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace kiosk::core {

// Creates the data directory if needed and checks it can be written.
std::expected<void, std::string> prepare_data_dir(const std::filesystem::path& dir);

// The folder of shipped data (themes, tour script): MINGBAI_SHARE_DIR, else <exe>/../share/mingbai.
std::filesystem::path share_dir();

}  // namespace kiosk::core
