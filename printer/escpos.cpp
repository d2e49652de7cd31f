// The ESC/POS command builders.
#include "printer/escpos.hpp"

#include <algorithm>
#include <cassert>

namespace printer::escpos {
namespace {

std::uint8_t lo(int v) {
    return static_cast<std::uint8_t>(v & 0xFF);
}
std::uint8_t hi(int v) {
    return static_cast<std::uint8_t>((v >> 8) & 0xFF);
}

}  // namespace

void initialize(std::vector<std::uint8_t>& out) {
    out.insert(out.end(), {kEsc, '@'});
}

void raster_band(std::vector<std::uint8_t>& out, const Bitmap& bitmap, int y0, int rows) {
    assert(y0 >= 0 && rows > 0 && y0 + rows <= bitmap.height());
    const int xbytes = bitmap.row_bytes();
    out.insert(out.end(), {kGs, 'v', '0', 0, lo(xbytes), hi(xbytes), lo(rows), hi(rows)});
    const auto* first = bitmap.row(y0);
    out.insert(out.end(), first, first + static_cast<std::size_t>(xbytes) * rows);
}

void feed_dots(std::vector<std::uint8_t>& out, int dots) {
    while (dots > 0) {
        const int n = std::min(dots, 255);
        out.insert(out.end(), {kEsc, 'J', static_cast<std::uint8_t>(n)});
        dots -= n;
    }
}

void cut(std::vector<std::uint8_t>& out) {
    out.insert(out.end(), {kGs, 'V', 66, 0});
}

void status_request(std::vector<std::uint8_t>& out, StatusKind kind) {
    out.insert(out.end(), {kDle, 0x04, static_cast<std::uint8_t>(kind)});
}

void align(std::vector<std::uint8_t>& out, int where) {
    out.insert(out.end(), {kEsc, 'a', static_cast<std::uint8_t>(std::clamp(where, 0, 2))});
}

void char_size(std::vector<std::uint8_t>& out, int width_mul, int height_mul) {
    const int w = std::clamp(width_mul, 1, 8) - 1, h = std::clamp(height_mul, 1, 8) - 1;
    out.insert(out.end(), {kGs, '!', static_cast<std::uint8_t>((w << 4) | h)});
}

void kanji_mode(std::vector<std::uint8_t>& out, bool on) {
    out.insert(out.end(), {kFs, static_cast<std::uint8_t>(on ? '&' : '.')});
}

void line_spacing(std::vector<std::uint8_t>& out, int dots) {
    out.insert(out.end(), {kEsc, '3', static_cast<std::uint8_t>(std::clamp(dots, 0, 255))});
}

void qr_native(std::vector<std::uint8_t>& out, std::string_view data, int module, char level) {
    // Model 2.
    out.insert(out.end(), {kGs, '(', 'k', 4, 0, 49, 65, 50, 0});
    out.insert(out.end(),
               {kGs, '(', 'k', 3, 0, 49, 67, static_cast<std::uint8_t>(std::clamp(module, 1, 16))});
    const std::uint8_t lv = level == 'L' ? 48 : level == 'Q' ? 50 : level == 'H' ? 51 : 49;
    out.insert(out.end(), {kGs, '(', 'k', 3, 0, 49, 69, lv});
    const int len = static_cast<int>(data.size()) + 3;
    out.insert(out.end(), {kGs, '(', 'k', lo(len), hi(len), 49, 80, 48});
    out.insert(out.end(), data.begin(), data.end());
    out.insert(out.end(), {kGs, '(', 'k', 3, 0, 49, 81, 48});
}

}  // namespace printer::escpos
