// A 1-bit image the width of the paper, packed as ESC/POS raster wants it: rows of bytes, most
// significant bit leftmost, 1 = a dot burned (black).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace printer {

class Bitmap {
  public:
    Bitmap() = default;
    Bitmap(int width, int height);

    int width() const { return width_; }
    int height() const { return height_; }
    int row_bytes() const { return (width_ + 7) / 8; }

    bool get(int x, int y) const;
    void set(int x, int y, bool black = true);
    void fill_rect(int x, int y, int w, int h, bool black = true);
    // Grows or shrinks the height; new rows are white.
    void resize_height(int height);
    // Copies `other` with its top-left at (x, y); dots outside are dropped.
    void blit(const Bitmap& other, int x, int y);

    const std::vector<std::uint8_t>& bytes() const { return bits_; }
    std::vector<std::uint8_t>& bytes() { return bits_; }
    const std::uint8_t* row(int y) const {
        return bits_.data() + static_cast<std::size_t>(y) * row_bytes();
    }

    bool operator==(const Bitmap&) const = default;

  private:
    int width_ = 0, height_ = 0;
    std::vector<std::uint8_t> bits_;
};

// An 8-bit coverage canvas (0 white .. 255 black) that text and pictures are drawn into before
// they become dots.
class GrayCanvas {
  public:
    GrayCanvas(int width, int height)
        : width_(width), height_(height), px_(static_cast<std::size_t>(width) * height) {}
    int width() const { return width_; }
    int height() const { return height_; }
    std::uint8_t& at(int x, int y) { return px_[static_cast<std::size_t>(y) * width_ + x]; }
    std::uint8_t at(int x, int y) const { return px_[static_cast<std::size_t>(y) * width_ + x]; }
    // Darkens (x, y) by `coverage`, as overlapping glyph edges add up.
    void darken(int x, int y, std::uint8_t coverage);

    // A clean threshold, for text: crisp strokes, no speckle.
    Bitmap threshold(std::uint8_t level = 128) const;
    // Floyd–Steinberg dithering, for pictures with shades.
    Bitmap dither() const;

  private:
    int width_, height_;
    std::vector<std::uint8_t> px_;
};

// Writes a bitmap as a black-on-white PNG (for the emulator, previews and tests).
bool write_png(const char* path, const Bitmap& bitmap);

}  // namespace printer
