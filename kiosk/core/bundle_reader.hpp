// Reads a content bundle, checking it whole: a corrupt, truncated or incomplete bundle is refused
// with the reason, and the kiosk keeps the last good one or the built-in default.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

#include "kiosk/core/content.hpp"

namespace kiosk::core {

std::expected<Content, std::string> load_bundle(const std::filesystem::path& file);

// The default bundle shipped with the program: <share>/content/default.bundle.
std::filesystem::path default_bundle_path(const std::filesystem::path& share_dir);

}  // namespace kiosk::core
