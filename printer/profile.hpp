// Printer profiles: what a model of thermal printer can do, from a TOML file: paper width in
// dots, resolution, cutter, whether it prints Chinese text and QR codes itself, band height and
// the longest sheet it may print.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "base/strict_toml.hpp"

namespace printer {

struct Profile {
    std::string name = "80mm";
    int width_dots = 576;  // 80 mm paper at 203 dpi; 384 for 58 mm; 512 for 180-dpi heads
    int dpi = 203;
    bool cut = true;         // has an autocutter
    bool text_mode = false;  // send GB18030 text for the built-in Chinese font instead of a raster
    bool native_qr = false;  // in text mode: print QR codes with GS ( k
    int band_height = 128;   // raster rows per GS v 0 command
    int max_length_mm = 1200;  // a longer sheet is refused, not printed
    int feed_after_mm = 12;    // blank paper before the cut, so the last line clears the cutter

    double dots_to_mm(int dots) const { return dots * 25.4 / dpi; }
    int mm_to_dots(double mm) const { return static_cast<int>(mm * dpi / 25.4 + 0.5); }
};

std::expected<Profile, base::TomlError> parse_profile(std::string_view toml_text, std::string file);
std::expected<Profile, base::TomlError> load_profile(const std::filesystem::path& path);

// The profiles shipped with the program (share/mingbai/printer-profiles/*.toml), by name.
std::expected<Profile, std::string> find_profile(const std::filesystem::path& dir,
                                                 const std::string& name);

}  // namespace printer
