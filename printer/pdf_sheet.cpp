// A sheet on A4 pages as a PDF (cairo + pango).
#include "printer/pdf_sheet.hpp"

#include <unistd.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "base/line_break.hpp"
#include "base/utf8.hpp"
#include "printer/qr_code.hpp"

namespace printer {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kPointsPerMm;  // A4 portrait: 595.3 × 841.9 pt
constexpr double kPageHeight = 297 * kPointsPerMm;
constexpr double kThermalDpi = 203;  // spacer heights and pictures are in a thermal head's dots
constexpr double kLineHeight = 1.5;  // CJK needs air between lines, on paper as on screen
constexpr const char* kDefaultFamily = "Noto Sans CJK SC";

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const {
        if (p) Free(p);
    }
};
void unref_object(void* p) {
    g_object_unref(p);
}
struct GObjectDeleter {
    void operator()(void* p) const {
        if (p) unref_object(p);
    }
};
using SurfacePtr =
    std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;
using FontDescPtr = std::unique_ptr<PangoFontDescription,
                                    Deleter<PangoFontDescription, pango_font_description_free>>;
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// The font map pango draws from: the configured file alone (in a fontconfig of its own, so no
// other font on the machine can stand in for it), or the system's fontconfig.
std::expected<std::pair<FontMapPtr, std::string>, std::string> open_fonts(
    const PdfSheetOptions& o) {
    FontMapPtr map(pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT));
    if (!map) return std::unexpected(std::string("pango has no FreeType font map"));
    if (o.font_file.empty()) return std::pair{std::move(map), std::string(kDefaultFamily)};
    const auto* file = reinterpret_cast<const FcChar8*>(o.font_file.c_str());
    int faces = 0;
    std::unique_ptr<FcPattern, Deleter<FcPattern, FcPatternDestroy>> face(
        FcFreeTypeQuery(file, static_cast<unsigned>(o.font_index), nullptr, &faces));
    if (!face) {
        return std::unexpected("cannot read face " + std::to_string(o.font_index) +
                               " of the font file " + o.font_file);
    }
    FcChar8* family = nullptr;
    if (FcPatternGetString(face.get(), FC_FAMILY, 0, &family) != FcResultMatch) {
        return std::unexpected("the font file " + o.font_file + " names no family");
    }
    std::unique_ptr<FcConfig, Deleter<FcConfig, FcConfigDestroy>> config(FcConfigCreate());
    if (!config || !FcConfigAppFontAddFile(config.get(), file)) {
        return std::unexpected("cannot read the font file " + o.font_file);
    }
    // Titles and headings in bold, from the collection's Bold file beside the Regular one
    // (NotoSansCJK-Bold.ttc) when there is one; without it they stay regular.
    if (const auto at = o.font_file.rfind("Regular"); at != std::string::npos) {
        std::string bold = o.font_file;
        bold.replace(at, 7, "Bold");
        if (::access(bold.c_str(), R_OK) == 0) {
            FcConfigAppFontAddFile(config.get(), reinterpret_cast<const FcChar8*>(bold.c_str()));
        }
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map.get()), config.get());
    return std::pair{std::move(map), std::string(reinterpret_cast<const char*>(family))};
}

// cairo 1.16 (Debian 12) subsets CID-keyed CFF fonts such as Noto Sans CJK wrongly: some glyphs
// (如, among others) come out empty or as a box in every viewer and on paper. So the glyphs pango
// chose are drawn through a cairo user font whose glyphs are FreeType's own outlines of the same
// font: the PDF gets a Type 3 font with the exact shapes, and a ToUnicode map for the text.
constexpr double kOutlineUnits = 1000;  // outlines taken at 1000 units an em, then scaled down
cairo_user_data_key_t kOutlineSource;

cairo_font_face_t* outline_source(cairo_scaled_font_t* font) {
    return static_cast<cairo_font_face_t*>(
        cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(font), &kOutlineSource));
}

const cairo_font_options_t* unhinted() {
    // Outlines as drawn, not fitted to a pixel grid: a PDF is scaled by every printer.
    static cairo_font_options_t* options = [] {
        cairo_font_options_t* o = cairo_font_options_create();
        cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
        return o;
    }();
    return options;
}

cairo_status_t outline_extents(cairo_scaled_font_t* font, cairo_t* cr,
                               cairo_font_extents_t* extents) {
    cairo_scale(cr, 1 / kOutlineUnits, 1 / kOutlineUnits);
    cairo_set_font_face(cr, outline_source(font));
    cairo_set_font_size(cr, kOutlineUnits);
    cairo_set_font_options(cr, unhinted());
    cairo_font_extents(cr, extents);
    for (double* v : {&extents->ascent, &extents->descent, &extents->height,
                      &extents->max_x_advance, &extents->max_y_advance}) {
        *v /= kOutlineUnits;
    }
    return CAIRO_STATUS_SUCCESS;
}

cairo_status_t outline_glyph(cairo_scaled_font_t* font, unsigned long glyph, cairo_t* cr,
                             cairo_text_extents_t* extents) {
    cairo_scale(cr, 1 / kOutlineUnits, 1 / kOutlineUnits);
    cairo_set_font_face(cr, outline_source(font));
    cairo_set_font_size(cr, kOutlineUnits);
    cairo_set_font_options(cr, unhinted());
    const cairo_glyph_t g{glyph, 0, 0};
    cairo_glyph_extents(cr, &g, 1, extents);
    for (double* v : {&extents->x_bearing, &extents->y_bearing, &extents->width, &extents->height,
                      &extents->x_advance, &extents->y_advance}) {
        *v /= kOutlineUnits;
    }
    cairo_glyph_path(cr, &g, 1);
    cairo_fill(cr);
    return CAIRO_STATUS_SUCCESS;
}

// The user font drawing `ft`'s outlines, one per face pango uses.
class OutlineFonts {
  public:
    OutlineFonts() = default;
    OutlineFonts(const OutlineFonts&) = delete;
    OutlineFonts& operator=(const OutlineFonts&) = delete;
    ~OutlineFonts() {
        for (auto& [ft, user] : faces_) cairo_font_face_destroy(user);
    }

    cairo_font_face_t* for_face(cairo_font_face_t* ft) {
        if (auto it = faces_.find(ft); it != faces_.end()) return it->second;
        cairo_font_face_t* user = cairo_user_font_face_create();
        cairo_font_face_set_user_data(
            user, &kOutlineSource, cairo_font_face_reference(ft),
            [](void* p) { cairo_font_face_destroy(static_cast<cairo_font_face_t*>(p)); });
        cairo_user_font_face_set_init_func(user, outline_extents);
        cairo_user_font_face_set_render_glyph_func(user, outline_glyph);
        faces_.emplace(ft, user);
        return user;
    }

  private:
    std::map<cairo_font_face_t*, cairo_font_face_t*> faces_;
};

// One unit of pagination: a line of text, a QR code, a rule. Pages break between rows only.
struct Row {
    double height = 0;
    double gap_before = 0;        // dropped at the top of a page
    bool keep_with_next = false;  // a title or heading never ends a page
    std::function<void(cairo_t*, double top)> draw;
};

// How a piece of text looks: its size in points, its weight, its grey (0 black).
struct Type {
    double size = 16;
    bool bold = false;
    double grey = 0;
};

class Pages {
  public:
    Pages(PangoContext* context, std::string family, const PdfSheetOptions& o)
        : context_(context),
          family_(std::move(family)),
          o_(o),
          margin_(o.margin_mm * kPointsPerMm),
          width_(kPageWidth - 2 * margin_) {}

    // --- Building rows.

    // `text` broken to `width` by the Chinese rules, one row per line. `lead` (a bullet's dot,
    // a table's key) is drawn with the first line. A paragraph's first line never ends a page
    // alone, nor does its last start one.
    void text(std::string_view text, Type type, double x, double width, double gap_before,
              bool keep_with_next = false, bool centred = false,
              std::function<void(cairo_t*, double top)> lead = {}) {
        const auto lines = base::break_lines(text, static_cast<float>(width), [&](char32_t cp) {
            return static_cast<float>(advance(cp, type));
        });
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::string part(text.substr(lines[i].begin, lines[i].end - lines[i].begin));
            Row row;
            row.height = type.size * kLineHeight;
            row.gap_before = i == 0 ? gap_before : 0;
            row.keep_with_next = keep_with_next || (lines.size() > 1 && i == 0) ||
                                 (lines.size() > 1 && i + 2 == lines.size());
            row.draw = [this, part, type, x, width, centred, lead = i == 0 ? lead : nullptr](
                           cairo_t* cr, double top) {
                double lx = x;
                if (centred) lx += (width - measure(part, type)) / 2;
                cairo_set_source_rgb(cr, type.grey, type.grey, type.grey);
                draw_text(cr, part, type, lx, top);
                if (lead) lead(cr, top);
            };
            rows_.push_back(std::move(row));
        }
    }

    void heading(const std::string& text, double gap_before) {
        const double size = o_.heading_pt;
        const double bar = size * 0.28;
        const double indent = bar + size * 0.45;
        this->text(text, {size, true}, margin_ + indent, width_ - indent, gap_before, true, false,
                   [this, size, bar](cairo_t* cr, double top) {
                       // A black bar marks a new section even to a skimming eye.
                       cairo_set_source_rgb(cr, 0, 0, 0);
                       cairo_rectangle(cr, margin_, top + size * 0.25, bar, size);
                       cairo_fill(cr);
                   });
    }

    void bullet(const std::string& item, double gap_before) {
        const double size = o_.body_pt;
        const double indent = size * 1.2;
        text(item, {size}, margin_ + indent, width_ - indent, gap_before, false, false,
             [this, size](cairo_t* cr, double top) {
                 cairo_set_source_rgb(cr, 0, 0, 0);
                 cairo_new_path(cr);  // the text leaves a current point; no line from it
                 cairo_arc(cr, margin_ + size * 0.4, top + size * kLineHeight / 2, size * 0.16, 0,
                           2 * M_PI);
                 cairo_fill(cr);
             });
    }

    void key_values(const std::vector<std::pair<std::string, std::string>>& rows,
                    double gap_before) {
        // Keys in a column as wide as the widest (up to a third of the line), values wrapping
        // beside them.
        const double size = o_.body_pt;
        double key_w = 0;
        for (const auto& [k, v] : rows) key_w = std::max(key_w, measure(k, {size}));
        key_w = std::min(key_w, width_ / 3);
        const double value_x = margin_ + key_w + size;
        bool first = true;
        for (const auto& [key, value] : rows) {
            text(value.empty() ? " " : value, {size}, value_x, margin_ + width_ - value_x,
                 first ? gap_before : size * 0.2, false, false,
                 [this, key, size](cairo_t* cr, double top) {
                     cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
                     draw_text(cr, key, {size}, margin_, top);
                 });
            first = false;
        }
    }

    std::expected<void, std::string> qr(const std::string& payload, const std::string& caption,
                                        double gap_before) {
        auto code = encode_qr(payload);
        if (!code) return std::unexpected("the QR code cannot be made: " + code.error());
        const int quiet = 4;
        const double side = o_.qr_mm * kPointsPerMm;
        const double module = side / (code->size + 2 * quiet);
        Row row;
        row.height = side;
        row.gap_before = gap_before;
        row.keep_with_next = !caption.empty();
        row.draw = [this, code = *code, side, module, quiet](cairo_t* cr, double top) {
            const double left = margin_ + (width_ - side) / 2 + quiet * module;
            const double y0 = top + quiet * module;
            // Vector squares, a run of dark modules as one rectangle so no viewer shows seams.
            cairo_set_source_rgb(cr, 0, 0, 0);
            for (int y = 0; y < code.size; ++y) {
                for (int x = 0; x < code.size;) {
                    if (!code.dark(x, y)) {
                        ++x;
                        continue;
                    }
                    int end = x;
                    while (end < code.size && code.dark(end, y)) ++end;
                    cairo_rectangle(cr, left + x * module, y0 + y * module, (end - x) * module,
                                    module);
                    x = end;
                }
            }
            cairo_fill(cr);
        };
        rows_.push_back(std::move(row));
        if (!caption.empty()) {
            text(caption, {o_.small_pt}, margin_, width_, 0, false, true);
        }
        return {};
    }

    void rule(double gap_before) {
        Row row;
        row.height = o_.body_pt * 0.8;
        row.gap_before = gap_before;
        row.keep_with_next = true;  // a rule opens what follows it (the QR code at a sheet's end)
        row.draw = [this, h = row.height](cairo_t* cr, double top) {
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 0.8);
            cairo_move_to(cr, margin_, top + h / 2);
            cairo_line_to(cr, margin_ + width_, top + h / 2);
            cairo_stroke(cr);
        };
        rows_.push_back(std::move(row));
    }

    void space(double points) {
        Row row;
        row.gap_before = points;  // a space at the top of a page is no use
        rows_.push_back(std::move(row));
    }

    void picture(const std::shared_ptr<const GrayCanvas>& canvas, double gap_before) {
        if (!canvas || canvas->width() <= 0 || canvas->height() <= 0) return;
        // At the thermal head's size, shrunk to the line's width and a page's height if larger.
        const double scale = std::min({72.0 / kThermalDpi, width_ / canvas->width(),
                                       (bottom() - top()) * 0.9 / canvas->height()});
        Row row;
        row.height = canvas->height() * scale;
        row.gap_before = gap_before;
        row.draw = [this, canvas, scale](cairo_t* cr, double top) {
            const int stride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, canvas->width());
            SurfacePtr mask(
                cairo_image_surface_create(CAIRO_FORMAT_A8, canvas->width(), canvas->height()));
            cairo_surface_flush(mask.get());
            unsigned char* data = cairo_image_surface_get_data(mask.get());
            for (int y = 0; y < canvas->height(); ++y) {
                for (int x = 0; x < canvas->width(); ++x) data[y * stride + x] = canvas->at(x, y);
            }
            cairo_surface_mark_dirty(mask.get());
            cairo_save(cr);
            cairo_translate(cr, margin_ + (width_ - canvas->width() * scale) / 2, top);
            cairo_scale(cr, scale, scale);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_mask_surface(cr, mask.get(), 0, 0);
            cairo_restore(cr);
        };
        rows_.push_back(std::move(row));
    }

    double margin() const { return margin_; }
    double width() const { return width_; }

    // --- Pages.

    // The rows placed on pages: a row goes to the next page when it does not fit, and so does a
    // heading (with the rows it keeps with) that would end a page.
    std::vector<std::vector<std::pair<const Row*, double>>> paginate() const {
        std::vector<std::vector<std::pair<const Row*, double>>> pages(1);
        double y = top();
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            const Row& r = rows_[i];
            const bool at_top = pages.back().empty();
            double gap = at_top ? 0 : r.gap_before;
            double need = gap + r.height;
            for (std::size_t j = i; rows_[j].keep_with_next && j + 1 < rows_.size(); ++j) {
                need += rows_[j + 1].gap_before + rows_[j + 1].height;
            }
            const bool chain_fits_a_page = need <= bottom() - top();
            if (!at_top && (y + (chain_fits_a_page ? need : gap + r.height) > bottom())) {
                pages.emplace_back();
                y = top();
                gap = 0;
            }
            if (r.height <= 0 && pages.back().empty()) continue;  // a space at a page's top
            pages.back().emplace_back(&r, y + gap);
            y += gap + r.height;
        }
        return pages;
    }

    // The foot of every page: the station and date left, 第 n 页 / 共 N 页 right, under a rule.
    void draw_foot(cairo_t* cr, int page, int pages) {
        const double size = o_.page_foot_pt;
        const double y = kPageHeight - margin_ - size * kLineHeight;
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, margin_, y - 4);
        cairo_line_to(cr, margin_ + width_, y - 4);
        cairo_stroke(cr);
        const std::string numbers =
            "第 " + std::to_string(page) + " 页 / 共 " + std::to_string(pages) + " 页";
        const double numbers_w = measure(numbers, {size});
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        draw_text(cr, numbers, {size}, margin_ + width_ - numbers_w, y);
        draw_text(cr, o_.footer, {size}, margin_, y, width_ - numbers_w - size * 2);
    }

  private:
    double top() const { return margin_; }
    double bottom() const {
        return kPageHeight - margin_ - o_.page_foot_pt * kLineHeight - o_.page_foot_pt;
    }

    PangoLayout* layout(std::string_view text, Type type) {
        if (!layout_) layout_.reset(pango_layout_new(context_));
        FontDescPtr font(pango_font_description_new());
        pango_font_description_set_family(font.get(), family_.c_str());
        pango_font_description_set_absolute_size(font.get(), type.size * PANGO_SCALE);
        pango_font_description_set_weight(font.get(),
                                          type.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(layout_.get(), font.get());
        pango_layout_set_width(layout_.get(), -1);
        pango_layout_set_ellipsize(layout_.get(), PANGO_ELLIPSIZE_NONE);
        pango_layout_set_text(layout_.get(), text.data(), static_cast<int>(text.size()));
        return layout_.get();
    }

    double measure(std::string_view text, Type type) {
        PangoRectangle logical{};
        pango_layout_get_extents(layout(text, type), nullptr, &logical);
        return static_cast<double>(logical.width) / PANGO_SCALE;
    }

    double advance(char32_t cp, Type type) {
        const auto key = std::tuple{cp, type.size, type.bold};
        if (auto it = advances_.find(key); it != advances_.end()) return it->second;
        const double w = measure(base::utf8::encode(cp), type);
        advances_.emplace(key, w);
        return w;
    }

    // One line of text with its line box's top at `top`; cut short with "…" past `max_width`.
    void draw_text(cairo_t* cr, std::string_view text, Type type, double x, double top,
                   double max_width = -1) {
        const double size = type.size;
        PangoLayout* l = layout(text, type);
        if (max_width > 0) {
            pango_layout_set_width(l, static_cast<int>(max_width * PANGO_SCALE));
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        }
        PangoRectangle logical{};
        pango_layout_get_extents(l, nullptr, &logical);
        const double h = static_cast<double>(logical.height) / PANGO_SCALE;
        const double baseline = top + (size * kLineHeight - h) / 2 +
                                static_cast<double>(pango_layout_get_baseline(l)) / PANGO_SCALE;
        PangoLayoutLine* line = pango_layout_get_line_readonly(l, 0);
        if (!line) return;
        const char* all = pango_layout_get_text(l);
        double pen = x;
        for (GSList* r = line->runs; r; r = r->next) {
            pen = draw_run(cr, all, *static_cast<PangoGlyphItem*>(r->data), size, pen, baseline);
        }
    }

    // One run of glyphs as pango shaped it, in the outline font, with clusters that tie each
    // glyph to its characters (text extraction and search in the PDF). Returns the pen's x after.
    double draw_run(cairo_t* cr, const char* all, const PangoGlyphItem& run, double size,
                    double pen, double baseline) {
        const PangoGlyphString& gs = *run.glyphs;
        const PangoItem& item = *run.item;
        std::vector<cairo_glyph_t> glyphs;
        std::vector<cairo_text_cluster_t> clusters;
        for (int i = 0; i < gs.num_glyphs; ++i) {
            const PangoGlyphInfo& g = gs.glyphs[i];
            const int at = gs.log_clusters[i];
            if (i == 0 || at != gs.log_clusters[i - 1]) {
                int end = item.length;
                for (int j = i + 1; j < gs.num_glyphs; ++j) {
                    if (gs.log_clusters[j] != at) {
                        end = gs.log_clusters[j];
                        break;
                    }
                }
                clusters.push_back({end - at, 0});
            }
            // Spaces have no glyph; a character the font lacks is left out rather than boxed.
            if (g.glyph != PANGO_GLYPH_EMPTY && !(g.glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
                glyphs.push_back(
                    {g.glyph, pen + static_cast<double>(g.geometry.x_offset) / PANGO_SCALE,
                     baseline + static_cast<double>(g.geometry.y_offset) / PANGO_SCALE});
                ++clusters.back().num_glyphs;
            }
            pen += static_cast<double>(g.geometry.width) / PANGO_SCALE;
        }
        if (glyphs.empty()) return pen;
        cairo_scaled_font_t* shaped =
            pango_cairo_font_get_scaled_font(reinterpret_cast<PangoCairoFont*>(item.analysis.font));
        if (!shaped) return pen;
        cairo_set_font_face(cr, outlines_.for_face(cairo_scaled_font_get_font_face(shaped)));
        cairo_set_font_size(cr, size);
        cairo_show_text_glyphs(cr, all + item.offset, item.length, glyphs.data(),
                               static_cast<int>(glyphs.size()), clusters.data(),
                               static_cast<int>(clusters.size()),
                               static_cast<cairo_text_cluster_flags_t>(0));
        return pen;
    }

    PangoContext* context_;
    std::string family_;
    const PdfSheetOptions& o_;
    double margin_;
    double width_;
    LayoutPtr layout_;
    OutlineFonts outlines_;
    std::map<std::tuple<char32_t, double, bool>, double> advances_;
    std::vector<Row> rows_;
};

}  // namespace

std::expected<PdfSheet, std::string> render_pdf(const Sheet& sheet, const PdfSheetOptions& o) {
    auto fonts = open_fonts(o);
    if (!fonts) return std::unexpected(fonts.error());
    auto& [font_map, family] = *fonts;

    PdfSheet out;
    SurfacePtr surface(
        cairo_pdf_surface_create_for_stream(append_bytes, &out.bytes, kPageWidth, kPageHeight));
    if (!o.title.empty()) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, o.title.c_str());
    }
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "明白站");
    CairoPtr cr(cairo_create(surface.get()));
    ContextPtr context(pango_font_map_create_context(font_map.get()));
    // Outlines as the font draws them: a PDF is scaled by every printer, so no hinting.
    std::unique_ptr<cairo_font_options_t, Deleter<cairo_font_options_t, cairo_font_options_destroy>>
        font_options(cairo_font_options_create());
    cairo_font_options_set_hint_style(font_options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(font_options.get(), CAIRO_HINT_METRICS_OFF);
    pango_cairo_update_context(cr.get(), context.get());
    pango_cairo_context_set_font_options(context.get(), font_options.get());
    pango_cairo_context_set_resolution(context.get(), 72);  // a size in points is a size in units

    Pages p(context.get(), family, o);
    const double x = p.margin();
    const double w = p.width();
    const double body = o.body_pt;
    for (const auto& b : sheet.blocks()) {
        switch (b.kind) {
            case Block::Kind::title:
                p.text(b.text, {o.title_pt, true}, x, w, 0, true, true);
                p.space(body * 0.5);
                break;
            case Block::Kind::heading:
                p.heading(b.text, body * 0.9);
                break;
            case Block::Kind::paragraph:
                p.text(b.text, {body}, x, w, body * 0.4);
                break;
            case Block::Kind::footer:
                p.text(b.text, {o.small_pt, false, 0.3}, x, w, body * 0.4);
                break;
            case Block::Kind::bullets: {
                bool first = true;
                for (const auto& item : b.items) {
                    p.bullet(item, first ? body * 0.4 : body * 0.2);
                    first = false;
                }
                break;
            }
            case Block::Kind::key_values:
                p.key_values(b.rows, body * 0.4);
                break;
            case Block::Kind::qr:
                if (auto ok = p.qr(b.text, b.caption, body * 0.8); !ok) {
                    return std::unexpected(ok.error());
                }
                break;
            case Block::Kind::rule:
                p.rule(body * 0.4);
                break;
            case Block::Kind::spacer:
                p.space(b.dots * 72.0 / kThermalDpi);
                break;
            case Block::Kind::picture:
                p.picture(b.picture, body * 0.4);
                break;
        }
    }

    const auto pages = p.paginate();
    out.pages = static_cast<int>(pages.size());
    for (std::size_t i = 0; i < pages.size(); ++i) {
        for (const auto& [row, top] : pages[i]) {
            if (row->draw) row->draw(cr.get(), top);
        }
        p.draw_foot(cr.get(), static_cast<int>(i + 1), out.pages);
        cairo_show_page(cr.get());
    }
    cr.reset();
    cairo_surface_finish(surface.get());
    if (const auto status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS) {
        return std::unexpected(std::string("cairo cannot write the PDF: ") +
                               cairo_status_to_string(status));
    }
    return out;
}

}  // namespace printer
