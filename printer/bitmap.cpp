// 1-bit bitmaps and the gray canvas.
#include "printer/bitmap.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <cassert>

namespace printer {

Bitmap::Bitmap(int width, int height)
    : width_(width), height_(height), bits_(static_cast<std::size_t>((width + 7) / 8) * height, 0) {
    assert(width >= 0 && height >= 0);
}

bool Bitmap::get(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) return false;
    return (row(y)[x / 8] >> (7 - x % 8)) & 1;
}

void Bitmap::set(int x, int y, bool black) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
    auto& byte = bits_[static_cast<std::size_t>(y) * row_bytes() + x / 8];
    const auto mask = static_cast<std::uint8_t>(0x80 >> (x % 8));
    byte = black ? (byte | mask) : (byte & ~mask);
}

void Bitmap::fill_rect(int x, int y, int w, int h, bool black) {
    for (int yy = std::max(0, y); yy < std::min(height_, y + h); ++yy) {
        for (int xx = std::max(0, x); xx < std::min(width_, x + w); ++xx) set(xx, yy, black);
    }
}

void Bitmap::resize_height(int height) {
    height_ = std::max(0, height);
    bits_.resize(static_cast<std::size_t>(row_bytes()) * height_, 0);
}

void Bitmap::blit(const Bitmap& other, int x, int y) {
    for (int yy = 0; yy < other.height(); ++yy) {
        for (int xx = 0; xx < other.width(); ++xx) {
            if (other.get(xx, yy)) set(x + xx, y + yy);
        }
    }
}

void GrayCanvas::darken(int x, int y, std::uint8_t coverage) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
    auto& p = at(x, y);
    p = static_cast<std::uint8_t>(std::min(255, p + coverage));
}

Bitmap GrayCanvas::threshold(std::uint8_t level) const {
    Bitmap out(width_, height_);
    for (int y = 0; y < height_; ++y) {
        for (int x = 0; x < width_; ++x) {
            if (at(x, y) >= level) out.set(x, y);
        }
    }
    return out;
}

Bitmap GrayCanvas::dither() const {
    Bitmap out(width_, height_);
    std::vector<int> cur(static_cast<std::size_t>(width_) + 2, 0),
        next(static_cast<std::size_t>(width_) + 2, 0);
    for (int y = 0; y < height_; ++y) {
        std::fill(next.begin(), next.end(), 0);
        for (int x = 0; x < width_; ++x) {
            const int v = at(x, y) + cur[static_cast<std::size_t>(x) + 1];
            const bool black = v >= 128;
            if (black) out.set(x, y);
            const int err = v - (black ? 255 : 0);
            cur[static_cast<std::size_t>(x) + 2] += err * 7 / 16;
            next[static_cast<std::size_t>(x)] += err * 3 / 16;
            next[static_cast<std::size_t>(x) + 1] += err * 5 / 16;
            next[static_cast<std::size_t>(x) + 2] += err / 16;
        }
        std::swap(cur, next);
    }
    return out;
}

bool write_png(const char* path, const Bitmap& bitmap) {
    std::vector<std::uint8_t> gray(static_cast<std::size_t>(bitmap.width()) * bitmap.height());
    for (int y = 0; y < bitmap.height(); ++y) {
        for (int x = 0; x < bitmap.width(); ++x) {
            gray[static_cast<std::size_t>(y) * bitmap.width() + x] = bitmap.get(x, y) ? 0 : 255;
        }
    }
    if (bitmap.width() == 0 || bitmap.height() == 0) return false;
    return stbi_write_png(path, bitmap.width(), bitmap.height(), 1, gray.data(), bitmap.width()) !=
           0;
}

}  // namespace printer
