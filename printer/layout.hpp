// Lays a sheet out on the paper's width and turns it into dots: CJK text drawn with FreeType at
// sizes an elderly reader can read, broken into lines by the same rules as the screen, QR codes
// with modules wide enough for phones, text thresholded cleanly and pictures dithered.
#pragma once

#include <expected>
#include <string>

#include "printer/bitmap.hpp"
#include "printer/font_face.hpp"
#include "printer/profile.hpp"
#include "printer/sheet.hpp"

namespace printer {

struct LayoutOptions {
    // Text heights in dots on a 203 dpi head; other heads scale. Body text is never below 24.
    int title_dots = 44;
    int heading_dots = 34;
    int body_dots = 28;
    int footer_dots = 24;
    int margin_dots = 12;
    int min_qr_module_dots = 4;  // phones read modules of 0.5 mm and up
};

struct LayoutError {
    enum class Kind { too_long, no_room, qr } kind;
    std::string message;
};

std::expected<Bitmap, LayoutError> render_sheet(const Sheet& sheet, const Profile& profile,
                                                FontFace& font, const LayoutOptions& options = {});

// Text sizes actually used for a profile (scaled from 203 dpi), for the text-mode encoder.
int scaled_dots(int dots_at_203, const Profile& profile);

}  // namespace printer
