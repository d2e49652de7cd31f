// The settings staff may change (station name, hotline, county URL, idle timeout, theme, volume),
// written back into kiosk.toml: only those values change in the file's text, the new file is
// checked as start-up checks it, and it replaces the old one whole or not at all.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/config.hpp"

namespace kiosk::core {

// What to change; a field left empty stays as the file has it. The numbers are as wide as a TOML
// integer, so whatever is asked for is judged by start-up's own range check.
struct SettingsChange {
    std::optional<std::string> station_name;         // [station] name
    std::optional<std::string> hotline;              // [station] hotline
    std::optional<std::string> county_url;           // [county] url
    std::optional<std::int64_t> idle_reset_seconds;  // [ui] idle_reset_seconds
    std::optional<std::string> theme;                // [ui] theme
    std::optional<std::int64_t> volume;              // [ui] volume
};

// Why a change was not written; the file is then as it was.
struct SettingsError {
    // refused: start-up would refuse the config with the change (or already refuses the file as
    // it is), and `message` is its words to the letter: "FILE:LINE: KEY: expected …, got …".
    // storage: the file could not be read or written ("… could not be written: the disk is full").
    enum class Kind { refused, storage } kind = Kind::refused;
    std::string key;  // refused: the key start-up names, when it names one
    std::string message;
};

// The keys `set_setting` takes, as the file spells them: "station.name", …, "ui.volume".
const std::vector<std::string_view>& settable_keys();

// The keys `change` sets, in settable_keys' order (empty: nothing to write).
std::vector<std::string> changed_keys(const SettingsChange& change);

// Sets the field of `key` from text, as `kioskctl config set` takes it; an error for a key that
// is not settable (naming the ones that are) or a number that is not a whole number.
std::expected<void, std::string> set_setting(SettingsChange& change, std::string_view key,
                                             std::string_view value);

// The value of settable `key` in `config`, as TOML text: "\"幸福村\"", "70".
std::string setting_value(const Config& config, std::string_view key);

// The change made in `text` (a config file's content; "" for none yet): the values of existing
// keys replaced where they stand, comments, other keys and blank lines left byte for byte; a
// missing key added at the end of its table, a missing table at the end of the file. Refused
// with start-up's message when `text` is not TOML, or when a table is written in a way this
// cannot add to safely. `file` names the file in messages.
std::expected<std::string, SettingsError> apply_settings(std::string_view text,
                                                         const std::string& file,
                                                         const SettingsChange& change);

// Reads `config_file` (missing: the kiosk runs on defaults, and a file is made with just the
// change), applies the change, checks the result with parse_config and check_config as start-up
// does (`share_dir` as core::share_dir() gives it; a problem that stops start-up refuses the
// change), and writes it with write_file_durably, keeping the file's mode and owner. A symbolic
// link is followed, and its target rewritten. Returns the configuration as the file now gives it.
// Calls hold an flock on the file's folder while they read and write, so two changes at once,
// from threads or from processes (the screen, kioskctl), are made one after the other and
// neither is lost; the function keeps no other state.
std::expected<Config, SettingsError> write_settings(const std::filesystem::path& config_file,
                                                    const SettingsChange& change,
                                                    const std::filesystem::path& share_dir);

}  // namespace kiosk::core
