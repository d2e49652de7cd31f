// A sheet on A4 pages as a PDF, for the office printer: the same blocks the thermal printer gets,
// in type large enough to read on a noticeboard, broken into lines by the same Chinese rules
// (base/line_break), drawn by pango and cairo as vector text with the font embedded.
#pragma once

#include <expected>
#include <string>

#include "printer/sheet.hpp"

namespace printer {

struct PdfSheetOptions {
    // The font file and face (Noto Sans CJK SC is face 2 of NotoSansCJK-Regular.ttc), used alone
    // so that the pages come out the same on every machine. Empty: fontconfig's "Noto Sans CJK SC".
    std::string font_file;
    int font_index = 0;
    // On every page's foot, left: the station and the date; the page numbers go right.
    std::string footer;
    std::string title;  // the PDF's title, for the print queue and a file viewer
    // Sizes in points (1/72 inch). A sheet on a wall is read from a step or two away.
    double margin_mm = 18;
    double title_pt = 28;
    double heading_pt = 20;
    double body_pt = 16;
    double small_pt = 12;  // a footer block, a QR code's caption
    double page_foot_pt = 10.5;
    double qr_mm = 42;  // a phone reads it from the wall at arm's length
};

struct PdfSheet {
    std::string bytes;  // the PDF file
    int pages = 0;
};

// Lays `sheet` out on A4 portrait (210 × 297 mm) pages. An error value when the font cannot be
// read or a QR code cannot be encoded; text never runs off a page (a word wider than the line is
// broken).
std::expected<PdfSheet, std::string> render_pdf(const Sheet& sheet, const PdfSheetOptions& options);

}  // namespace printer
