// Reads QR codes and the 1-D codes scanners emit from grayscale frames (ZXing-cpp), and turns each
// code's bytes into text: in the character set the code declares, else the likeliest reading
// (scanner/payload_text.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scanner {

struct GrayImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;  // width * height, row by row
};

struct ScannedCode {
    std::string text;    // UTF-8
    std::string format;  // "QRCode", "Code128", "EAN-13", ...
};

struct ReadOptions {
    bool try_harder = true;
    bool try_rotate = true;
    int max_codes = 4;
};

std::vector<ScannedCode> read_codes(const GrayImage& image, const ReadOptions& options = {});

}  // namespace scanner
