// Where the kiosk keeps its state and finds its shipped data files.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace kiosk::core {

// Creates the data directory if needed (0700) and checks it can be written. Sets this process's
// umask to 077, so every file it makes from then on is 0600 from its first write, and closes
// whatever in the folder is open to other users (but outbox.key, which the outbox checks
// itself), logging each one.
std::expected<void, std::string> prepare_data_dir(const std::filesystem::path& dir);

// The folder of shipped data (themes, tour script): MINGBAI_SHARE_DIR, else <exe>/../share/mingbai.
std::filesystem::path share_dir();

}  // namespace kiosk::core
