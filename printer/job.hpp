// Print jobs as bytes: a raster of the laid-out sheet in bands (any printer), or GB18030 text for
// the printer's own Chinese font with native QR codes (a small fraction of the bytes: what
// decides the speed on a serial line). Chunks let the sender ask the printer's status between them.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "printer/bitmap.hpp"
#include "printer/profile.hpp"
#include "printer/sheet.hpp"

namespace printer {

struct EncodedJob {
    std::vector<std::vector<std::uint8_t>> chunks;
    int paper_dots = 0;           // paper the job uses, for the paper counter
    int replaced_characters = 0;  // text mode: characters outside the printer's font

    std::size_t total_bytes() const;
    std::vector<std::uint8_t> joined() const;
};

// Initialize, the raster in bands of the profile's height, feed past the cutter, cut.
EncodedJob encode_raster_job(const Bitmap& sheet, const Profile& profile);

// The same sheet for the printer's built-in font. Layout follows the built-in font's metrics
// (24 dots a Chinese character, 12 an ASCII one) and the same line-breaking rules.
std::expected<EncodedJob, std::string> encode_text_job(const Sheet& sheet, const Profile& profile);

}  // namespace printer
