// Reads QR codes and the 1-D codes scanners emit from grayscale frames (ZXing-cpp), and turns a
// code's raw bytes into text: valid UTF-8 stays UTF-8, anything else is read as GB18030 — the
// many Chinese codes made without a charset marker, which ZXing 1.4 would garble.
#pragma once

#include <cstdint>
#include <span>
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

// Raw code bytes as UTF-8 text: UTF-8 if valid, else GB18030, else with U+FFFD for bad bytes.
std::string payload_text(std::span<const std::uint8_t> bytes);

}  // namespace scanner
