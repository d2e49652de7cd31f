// QR codes as module matrices (libqrencode), ready to draw on screen or rasterize for paper.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace printer {

enum class QrErrorLevel { low, medium, quartile, high };

struct QrOptions {
    QrErrorLevel level = QrErrorLevel::medium;  // survives a crease or a smudge on a thermal sheet
};

struct QrCode {
    int size = 0;                       // modules per side, without the quiet zone
    std::vector<std::uint8_t> modules;  // size*size, 1 = dark
    bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)] != 0; }
};

std::expected<QrCode, std::string> encode_qr(std::string_view text, QrOptions options = {});

}  // namespace printer
