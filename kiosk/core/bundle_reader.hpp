// Reads a content bundle, checking it whole: a corrupt, truncated or incomplete bundle is refused
// with the reason, and the kiosk keeps the last good one or the built-in default.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/content.hpp"

namespace kiosk::core {

std::expected<Content, std::string> load_bundle(const std::filesystem::path& file);

// The bundle installed by updates: <data>/content/current.bundle.
std::filesystem::path installed_bundle_path(const std::filesystem::path& data_dir);
// The default bundle shipped with the program: <share>/content/default.bundle.
std::filesystem::path default_bundle_path(const std::filesystem::path& share_dir);

struct ActiveContent {
    Content content;
    std::filesystem::path source;
    std::vector<std::string> refused;  // why the candidates before `source` were not used
};

// The installed bundle if it loads, else the default one.
std::expected<ActiveContent, std::string> load_active_content(
    const std::filesystem::path& data_dir, const std::filesystem::path& share_dir);

}  // namespace kiosk::core
