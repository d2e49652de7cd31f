// FreeType text drawing for paper.
#include "printer/font_face.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cmath>
#include <map>

#include "base/utf8.hpp"

namespace printer {

struct FontFace::Impl {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    int current_px = 0;
    std::map<std::pair<int, char32_t>, float> advances;

    void size(int px) {
        if (px == current_px) return;
        FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px));
        current_px = px;
    }
    ~Impl() {
        if (face) FT_Done_Face(face);
        if (library) FT_Done_FreeType(library);
    }
};

FontFace::FontFace(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FontFace::~FontFace() = default;

std::expected<std::unique_ptr<FontFace>, std::string> FontFace::open(const std::string& path,
                                                                     int face_index) {
    auto impl = std::make_unique<Impl>();
    if (FT_Init_FreeType(&impl->library) != 0) return std::unexpected("FreeType did not start");
    if (FT_New_Face(impl->library, path.c_str(), face_index, &impl->face) != 0) {
        return std::unexpected("cannot open font " + path + " (face " + std::to_string(face_index) +
                               ")");
    }
    return std::unique_ptr<FontFace>(new FontFace(std::move(impl)));
}

std::expected<int, std::string> FontFace::count_faces(const std::string& path) {
    Impl probe;  // frees what it holds on every way out
    if (FT_Init_FreeType(&probe.library) != 0) return std::unexpected("FreeType did not start");
    // A negative index asks only whether the format is one FreeType reads, and for num_faces.
    if (FT_New_Face(probe.library, path.c_str(), -1, &probe.face) != 0) {
        return std::unexpected("FreeType cannot read " + path + " as a font");
    }
    return static_cast<int>(probe.face->num_faces);
}

bool FontFace::has_glyph(char32_t cp) const {
    return FT_Get_Char_Index(impl_->face, cp) != 0;
}

float FontFace::advance(char32_t cp, int px) {
    const auto key = std::pair{px, cp};
    if (const auto it = impl_->advances.find(key); it != impl_->advances.end()) return it->second;
    impl_->size(px);
    float adv = static_cast<float>(px) / 2;
    if (FT_Load_Char(impl_->face, cp, FT_LOAD_DEFAULT) == 0) {
        adv = static_cast<float>(impl_->face->glyph->advance.x) / 64.0f;
    }
    impl_->advances.emplace(key, adv);
    return adv;
}

float FontFace::draw(GrayCanvas& canvas, float x, int y, std::string_view text, int px) {
    impl_->size(px);
    FT_Face face = impl_->face;
    // The baseline sits at the ascender scaled into the px-high line box.
    const float ascender = static_cast<float>(face->size->metrics.ascender) / 64.0f;
    const float descender = static_cast<float>(-face->size->metrics.descender) / 64.0f;
    const float box = ascender + descender;
    const int baseline = y + static_cast<int>(std::lround(ascender * static_cast<float>(px) / box));
    const float start = x;
    for (const char32_t cp : base::utf8::decode(text)) {
        if (FT_Load_Char(face, cp, FT_LOAD_RENDER) != 0) {
            x += static_cast<float>(px) / 2;
            continue;
        }
        const FT_GlyphSlot g = face->glyph;
        const int left = static_cast<int>(std::lround(x)) + g->bitmap_left;
        const int top = baseline - g->bitmap_top;
        for (unsigned row = 0; row < g->bitmap.rows; ++row) {
            for (unsigned col = 0; col < g->bitmap.width; ++col) {
                const auto v =
                    g->bitmap
                        .buffer[static_cast<int>(row) * g->bitmap.pitch + static_cast<int>(col)];
                if (v) canvas.darken(left + static_cast<int>(col), top + static_cast<int>(row), v);
            }
        }
        x += static_cast<float>(g->advance.x) / 64.0f;
    }
    return x - start;
}

}  // namespace printer
