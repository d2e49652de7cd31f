// Writes only a PNG's signature and header chunk (IHDR): a file that claims a size and colour
// type without any pixels, for the tests of what is refused from the header alone.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>

namespace test {

// Colour types: 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA. The chunk's CRC is left 0:
// the header is all a reader looks at before deciding.
inline void write_png_header(const std::filesystem::path& path, std::uint32_t width,
                             std::uint32_t height, std::uint8_t colour_type,
                             std::uint8_t depth = 8) {
    auto be = [](std::uint32_t v) {
        return std::array<unsigned char, 4>{
            static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
            static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
    };
    const auto w = be(width), h = be(height);
    const unsigned char bytes[] = {0x89, 'P',  'N',  'G',  '\r', '\n', 0x1a,  '\n',        0,
                                   0,    0,    13,   'I',  'H',  'D',  'R',   w[0],        w[1],
                                   w[2], w[3], h[0], h[1], h[2], h[3], depth, colour_type, 0,
                                   0,    0,    0,    0,    0,    0};
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

}  // namespace test
