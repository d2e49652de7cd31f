// Compiles the content sources a county editor maintains (TOML files in a folder) into one
// bundle file the kiosk reads: SQLite, written beside the target and renamed into place.
#pragma once

#include <expected>
#include <filesystem>

#include "base/strict_toml.hpp"
#include "kiosk/core/content.hpp"

namespace kiosk::core {

// Reads and checks the sources: bundle.toml, items/*.toml, help.toml, notices.toml,
// calendar/*.toml, and media/ (recordings, videos, pictures, hashed). The first problem names the
// file, the line and what is wrong.
std::expected<Content, base::TomlError> read_content_sources(const std::filesystem::path& dir);

// Writes `content` as a bundle at `out` (atomically: a temporary file, then rename).
std::expected<void, std::string> write_bundle(const Content& content,
                                              const std::filesystem::path& out);

// Copies the sources' media files (`src`/media/<name>) into `out_dir` under their SHA-256, as a
// county's web server holds them beside the manifest; files there already are kept.
std::expected<void, std::string> export_media(const Content& content,
                                              const std::filesystem::path& src,
                                              const std::filesystem::path& out_dir);

}  // namespace kiosk::core
