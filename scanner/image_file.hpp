// Image files (PNG, JPEG, BMP...) read as grey frames for the code reader, within a memory bound:
// a picture larger than a camera frame or a scanned page is refused from its header before any
// decoding, the decoder may hold no more than a set budget, and a large picture that fits is
// shrunk to a working size before ZXing reads it. A scan then costs tens of megabytes at most,
// never the hundreds a 50-megapixel RGBA PNG would take.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>

#include "scanner/code_reader.hpp"

namespace scanner {

struct ImageLimits {
    // No format decodes in less than two bytes a pixel (the file's pixels, then the grey copy), so
    // a larger picture could never fit the budget below; refused from the header alone.
    std::size_t max_pixels = 24'000'000;
    // Everything the decoder holds at once for one file: PNG holds the inflated rows and the
    // pixels (2 x 4 bytes a pixel for RGBA), a baseline JPEG its planes and the grey result.
    std::size_t max_decode_bytes = std::size_t{48} << 20;
    // Larger pictures are shrunk by a whole factor (each working pixel the mean of a k x k block)
    // until they fit: a 4K camera frame, 3840 x 2160, is read as it is.
    std::size_t max_working_pixels = 3840 * 2160;
};

struct LoadedImage {
    GrayImage image;                      // what the code reader gets
    int file_width = 0, file_height = 0;  // the picture as the file has it
    int scale = 1;                        // file pixels per working pixel, each way
    std::size_t peak_bytes = 0;           // the most decoding and shrinking held at once
};

// Errors name the file: not an image, too large (with its size and the limit), more memory than a
// scan may take, or what the decoder found wrong.
std::expected<LoadedImage, std::string> load_image(const std::filesystem::path& path,
                                                   const ImageLimits& limits = {});

}  // namespace scanner
