// A FreeType face that draws text into a GrayCanvas at a pixel size: the sheets' CJK text, and
// the emulator's stand-in for a printer's built-in font.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "printer/bitmap.hpp"

namespace printer {

class FontFace {
  public:
    static std::expected<std::unique_ptr<FontFace>, std::string> open(const std::string& path,
                                                                      int face_index);
    // How many faces the file holds, as FreeType reads it, without loading one: under a
    // millisecond, where opening a face of the CJK collection takes 10 to 25. For config checks.
    static std::expected<int, std::string> count_faces(const std::string& path);
    ~FontFace();
    FontFace(const FontFace&) = delete;
    FontFace& operator=(const FontFace&) = delete;

    // Horizontal advance of a character at `px` pixels, in pixels.
    float advance(char32_t cp, int px);
    // Draws UTF-8 `text` with its top at y (the line box is px high); returns the width drawn.
    float draw(GrayCanvas& canvas, float x, int y, std::string_view text, int px);
    bool has_glyph(char32_t cp) const;

  private:
    struct Impl;
    explicit FontFace(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace printer
