// A built font atlas as plain data and as bytes, and back.
#include "kiosk/ui/atlas_codec.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <bit>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <type_traits>

namespace kiosk::ui {
namespace {

// Bump when the layout below changes; the key includes it, so old files are simply not used.
constexpr std::uint32_t kFormatVersion = 1;
constexpr char kMagic[8] = {'M', 'B', 'A', 'T', 'L', 'A', 'S', '\0'};
// Written in the machine's byte order: the file never leaves the kiosk that made it. The mark
// turns a file from a machine of the other order into a plain mismatch.
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kHeaderSize = 8 + 4 + 4 + 8 + 8 + 8;

// Generous bounds that no real atlas reaches; anything beyond is damage, not data.
constexpr int kMaxTextureSide = 16384;
constexpr std::uint32_t kMaxFonts = 64;
// ImFont::BuildLookupTable asserts fewer glyphs than this.
constexpr std::uint32_t kMaxGlyphs = 0xFFFE;

class Writer {
  public:
    template <class T>
    void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const std::byte*>(&value);
        bytes_.insert(bytes_.end(), p, p + sizeof value);
    }
    void put_bytes(std::span<const std::byte> data) {
        bytes_.insert(bytes_.end(), data.begin(), data.end());
    }
    void put_string(std::string_view s) {
        put(static_cast<std::uint64_t>(s.size()));
        put_bytes(std::as_bytes(std::span(s.data(), s.size())));
    }
    std::vector<std::byte>& bytes() { return bytes_; }

  private:
    std::vector<std::byte> bytes_;
};

class Reader {
  public:
    explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}

    template <class T>
    bool get(T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (bytes_.size() - pos_ < sizeof value) return false;
        std::memcpy(&value, bytes_.data() + pos_, sizeof value);
        pos_ += sizeof value;
        return true;
    }
    bool get_bytes(std::size_t n, void* out) {
        if (bytes_.size() - pos_ < n) return false;
        std::memcpy(out, bytes_.data() + pos_, n);
        pos_ += n;
        return true;
    }
    std::size_t left() const { return bytes_.size() - pos_; }

  private:
    std::span<const std::byte> bytes_;
    std::size_t pos_ = 0;
};

bool finite(float v) {
    return std::isfinite(v);
}
bool unit(float v) {
    return v >= 0.0f && v <= 1.0f;
}

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

void put_glyph(Writer& w, const ImFontGlyph& g) {
    w.put(static_cast<std::uint32_t>(g.Codepoint));
    w.put(static_cast<std::uint8_t>(g.Visible));
    w.put(static_cast<std::uint8_t>(g.Colored));
    w.put(std::uint16_t{0});
    for (const float v : {g.AdvanceX, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1}) w.put(v);
}

std::expected<ImFontGlyph, std::string> get_glyph(Reader& r) {
    std::uint32_t codepoint = 0;
    std::uint8_t visible = 0, colored = 0;
    std::uint16_t pad = 0;
    float v[9] = {};
    if (!r.get(codepoint) || !r.get(visible) || !r.get(colored) || !r.get(pad) ||
        !r.get_bytes(sizeof v, v)) {
        return std::unexpected("the glyph table is cut short");
    }
    // ImWchar is 16 bits in this ImGui build: lookups index tables by code point.
    if (codepoint > IM_UNICODE_CODEPOINT_MAX || visible > 1 || colored > 1 || pad != 0) {
        return std::unexpected("a glyph entry is not valid");
    }
    for (const float f : v) {
        if (!finite(f)) return std::unexpected("a glyph has a non-finite metric");
    }
    if (!unit(v[5]) || !unit(v[6]) || !unit(v[7]) || !unit(v[8])) {
        return std::unexpected("a glyph points outside the texture");
    }
    ImFontGlyph g{};
    // Checked above to fit the bit fields.
    g.Codepoint = codepoint & 0x3FFFFFFFu;
    g.Visible = visible & 1u;
    g.Colored = colored & 1u;
    g.AdvanceX = v[0];
    g.X0 = v[1];
    g.Y0 = v[2];
    g.X1 = v[3];
    g.Y1 = v[4];
    g.U0 = v[5];
    g.V0 = v[6];
    g.U1 = v[7];
    g.V1 = v[8];
    return g;
}

}  // namespace

std::uint64_t hash64(std::span<const std::byte> bytes) {
    // Four independent lanes in the manner of XXH64, so the multiplies overlap: a 2 MB texture
    // hashes in well under a millisecond.
    constexpr std::uint64_t p1 = 0x9E3779B185EBCA87ull, p2 = 0xC2B2AE3D27D4EB4Full,
                            p3 = 0x165667B19E3779F9ull;
    const auto round = [&](std::uint64_t acc, std::uint64_t word) {
        return std::rotl(acc + word * p2, 31) * p1;
    };
    const std::byte* p = bytes.data();
    const std::size_t n = bytes.size();
    std::uint64_t lane[4] = {p1 + p2, p2, 0, 0 - p1};
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int k = 0; k < 4; ++k) {
            std::uint64_t w = 0;
            std::memcpy(&w, p + i + 8 * k, 8);
            lane[k] = round(lane[k], w);
        }
    }
    std::uint64_t h = p3 ^ static_cast<std::uint64_t>(n);
    for (int k = 0; k < 4; ++k) h = std::rotl(h ^ round(0, lane[k]), 27) * p1 + p3;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + i, 8);
        h = std::rotl(h ^ round(0, w), 27) * p1 + p3;
    }
    if (i < n) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + i, n - i);
        h = std::rotl(h ^ round(0, w ^ 0xFF), 27) * p1 + p3;
    }
    return mix(h);
}

std::uint64_t atlas_key(const FontRequest& request, std::string_view font_identity) {
    Writer w;
    w.put(kFormatVersion);
    w.put(kAtlasRecipe);
    w.put(static_cast<std::int32_t>(IMGUI_VERSION_NUM));
    w.put(
        static_cast<std::int32_t>(FREETYPE_MAJOR * 10000 + FREETYPE_MINOR * 100 + FREETYPE_PATCH));
    w.put(static_cast<std::uint32_t>(sizeof(ImWchar)));
    w.put(static_cast<std::uint32_t>(sizeof(ImFontGlyph)));
    w.put_string(font_identity);
    w.put(static_cast<std::int32_t>(request.face_index));
    if (request.theme) {
        const auto& s = request.theme->font_px;
        for (const float px : {s.body, s.heading, s.title, s.tile}) w.put(px);
    }
    w.put(request.scale);
    if (request.glyphs) {
        const auto points = request.glyphs->sorted();
        w.put(static_cast<std::uint64_t>(points.size()));
        for (const char32_t cp : points) w.put(static_cast<std::uint32_t>(cp));
    }
    return hash64(w.bytes());
}

std::expected<AtlasImage, std::string> capture_atlas(const ImFontAtlas& atlas) {
    if (!atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0) {
        return std::unexpected("the atlas has no alpha texture in memory");
    }
    // build_fonts clears the input data, custom rectangles included; an atlas that still has
    // some was made another way and would not come back the same.
    if (!atlas.CustomRects.empty() || !atlas.ConfigData.empty()) {
        return std::unexpected("the atlas still holds its build input");
    }
    AtlasImage image;
    image.flags = atlas.Flags;
    image.tex_desired_width = atlas.TexDesiredWidth;
    image.tex_glyph_padding = atlas.TexGlyphPadding;
    image.width = atlas.TexWidth;
    image.height = atlas.TexHeight;
    image.uv_scale = atlas.TexUvScale;
    image.uv_white_pixel = atlas.TexUvWhitePixel;
    std::copy(std::begin(atlas.TexUvLines), std::end(atlas.TexUvLines), image.uv_lines.begin());
    const auto pixels =
        static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight);
    auto copy = std::make_shared<std::vector<std::uint8_t>>(atlas.TexPixelsAlpha8,
                                                            atlas.TexPixelsAlpha8 + pixels);
    image.alpha = *copy;
    image.alpha_owner = std::move(copy);
    for (const ImFont* font : atlas.Fonts) {
        if (font->DirtyLookupTables || font->Glyphs.empty()) {
            return std::unexpected("a font of the atlas is not built");
        }
        AtlasImage::Font f;
        f.size = font->FontSize;
        f.scale = font->Scale;
        f.ascent = font->Ascent;
        f.descent = font->Descent;
        f.fallback_char = font->FallbackChar;
        f.ellipsis_char = font->EllipsisChar;
        f.dot_char = font->DotChar;
        f.metrics_total_surface = font->MetricsTotalSurface;
        f.glyphs.assign(font->Glyphs.begin(), font->Glyphs.end());
        image.fonts.push_back(std::move(f));
    }
    return image;
}

std::expected<Fonts, std::string> restore_atlas(const AtlasImage& image, ImFontAtlas& atlas,
                                                bool with_pixels) {
    const auto pixels =
        static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    if (image.width <= 0 || image.height <= 0 || image.alpha.size() != pixels) {
        return std::unexpected("the atlas image has no texture");
    }
    for (const auto& f : image.fonts) {
        if (f.glyphs.empty() || f.glyphs.size() > kMaxGlyphs) {
            return std::unexpected("a font of the atlas image has no glyph table");
        }
    }
    atlas.Clear();
    atlas.Flags = image.flags;
    atlas.TexDesiredWidth = image.tex_desired_width;
    atlas.TexGlyphPadding = image.tex_glyph_padding;
    atlas.TexWidth = image.width;
    atlas.TexHeight = image.height;
    atlas.TexUvScale = image.uv_scale;
    atlas.TexUvWhitePixel = image.uv_white_pixel;
    std::copy(image.uv_lines.begin(), image.uv_lines.end(), std::begin(atlas.TexUvLines));
    if (with_pixels) {
        // ImGui frees the texture with IM_FREE (ClearTexData), so it is allocated the same way.
        atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(pixels));
        std::memcpy(atlas.TexPixelsAlpha8, image.alpha.data(), pixels);
    }
    atlas.TexPixelsUseColors = false;
    for (const auto& f : image.fonts) {
        ImFont* font = IM_NEW(ImFont);
        atlas.Fonts.push_back(font);
        font->FontSize = f.size;
        font->Scale = f.scale;
        font->Ascent = f.ascent;
        font->Descent = f.descent;
        font->ContainerAtlas = &atlas;
        font->ConfigData = nullptr;  // as ClearInputData leaves a built font
        font->ConfigDataCount = 0;
        font->FallbackChar = f.fallback_char;
        font->EllipsisChar = f.ellipsis_char;
        font->DotChar = f.dot_char;
        font->MetricsTotalSurface = f.metrics_total_surface;
        font->Glyphs.resize(static_cast<int>(f.glyphs.size()));
        std::copy(f.glyphs.begin(), f.glyphs.end(), font->Glyphs.begin());
        // The lookup tables (advance by code point, glyph by code point, fallback, the 4K page
        // map) follow from the glyphs; ImGui derives them as it did after building. The special
        // characters are set above, so it finds the same ones.
        font->BuildLookupTable();
    }
    atlas.TexReady = true;
    return fonts_of(atlas);
}

std::vector<std::byte> encode_atlas(const AtlasImage& image, std::uint64_t key) {
    Writer body;
    for (const int v : {image.flags, image.tex_desired_width, image.tex_glyph_padding, image.width,
                        image.height}) {
        body.put(static_cast<std::int32_t>(v));
    }
    body.put(image.uv_scale);
    body.put(image.uv_white_pixel);
    body.put(static_cast<std::uint32_t>(image.uv_lines.size()));
    for (const ImVec4& line : image.uv_lines) body.put(line);
    body.put(static_cast<std::uint32_t>(image.fonts.size()));
    for (const auto& f : image.fonts) {
        for (const float v : {f.size, f.scale, f.ascent, f.descent}) body.put(v);
        for (const ImWchar c : {f.fallback_char, f.ellipsis_char, f.dot_char}) {
            body.put(static_cast<std::uint16_t>(c));
        }
        body.put(std::uint16_t{0});
        body.put(static_cast<std::int32_t>(f.metrics_total_surface));
        body.put(static_cast<std::uint32_t>(f.glyphs.size()));
        for (const auto& g : f.glyphs) put_glyph(body, g);
    }
    body.put(static_cast<std::uint64_t>(image.alpha.size()));
    body.put_bytes(std::as_bytes(std::span(image.alpha)));

    Writer out;
    out.put(kMagic);
    out.put(kFormatVersion);
    out.put(kByteOrderMark);
    out.put(key);
    out.put(static_cast<std::uint64_t>(body.bytes().size()));
    out.put(hash64(body.bytes()));
    out.bytes().reserve(kHeaderSize + body.bytes().size());
    out.put_bytes(body.bytes());
    return std::move(out.bytes());
}

std::expected<AtlasImage, std::string> decode_atlas(std::span<const std::byte> bytes,
                                                    std::uint64_t key,
                                                    std::shared_ptr<const void> owner) {
    Reader header(bytes);
    char magic[8] = {};
    std::uint32_t version = 0, order = 0;
    std::uint64_t file_key = 0, body_size = 0, body_hash = 0;
    if (!header.get(magic) || !header.get(version) || !header.get(order) || !header.get(file_key) ||
        !header.get(body_size) || !header.get(body_hash)) {
        return std::unexpected("shorter than its header (" + std::to_string(bytes.size()) +
                               " bytes)");
    }
    if (std::memcmp(magic, kMagic, sizeof magic) != 0) return std::unexpected("not an atlas file");
    if (version != kFormatVersion || order != kByteOrderMark) {
        return std::unexpected("another format version (" + std::to_string(version) + ")");
    }
    if (file_key != key) return std::unexpected("made for other fonts, glyphs or sizes");
    if (body_size != header.left()) {
        return std::unexpected("truncated or padded: " + std::to_string(header.left()) +
                               " bytes of " + std::to_string(body_size));
    }
    const auto body_bytes = bytes.subspan(kHeaderSize);
    if (hash64(body_bytes) != body_hash) return std::unexpected("damaged (checksum differs)");

    // The checksum matched, so what follows is what encode_atlas wrote; the checks below keep a
    // file that was made wrongly from ever reaching ImGui's asserts or tables.
    Reader r(body_bytes);
    AtlasImage image;
    std::int32_t ints[5] = {};
    std::uint32_t lines = 0;
    if (!r.get(ints) || !r.get(image.uv_scale) || !r.get(image.uv_white_pixel) || !r.get(lines)) {
        return std::unexpected("the atlas header is cut short");
    }
    image.flags = ints[0];
    image.tex_desired_width = ints[1];
    image.tex_glyph_padding = ints[2];
    image.width = ints[3];
    image.height = ints[4];
    if (image.width <= 0 || image.height <= 0 || image.width > kMaxTextureSide ||
        image.height > kMaxTextureSide) {
        return std::unexpected("the texture size is not valid");
    }
    if (lines != image.uv_lines.size()) {
        return std::unexpected("made by an ImGui with other line textures");
    }
    for (ImVec4& line : image.uv_lines) {
        if (!r.get(line)) return std::unexpected("the line texture table is cut short");
        if (!unit(line.x) || !unit(line.y) || !unit(line.z) || !unit(line.w)) {
            return std::unexpected("a line texture points outside the texture");
        }
    }
    if (!unit(image.uv_white_pixel.x) || !unit(image.uv_white_pixel.y) ||
        !finite(image.uv_scale.x) || !finite(image.uv_scale.y)) {
        return std::unexpected("the texture coordinates are not valid");
    }
    std::uint32_t font_count = 0;
    if (!r.get(font_count) || font_count == 0 || font_count > kMaxFonts) {
        return std::unexpected("the font count is not valid");
    }
    for (std::uint32_t i = 0; i < font_count; ++i) {
        AtlasImage::Font f;
        std::uint16_t chars[4] = {};
        std::int32_t surface = 0;
        std::uint32_t glyphs = 0;
        if (!r.get(f.size) || !r.get(f.scale) || !r.get(f.ascent) || !r.get(f.descent) ||
            !r.get(chars) || !r.get(surface) || !r.get(glyphs)) {
            return std::unexpected("a font's metrics are cut short");
        }
        if (!finite(f.size) || f.size <= 0 || !finite(f.scale) || f.scale <= 0 ||
            !finite(f.ascent) || !finite(f.descent) || chars[3] != 0) {
            return std::unexpected("a font's metrics are not valid");
        }
        if (glyphs == 0 || glyphs > kMaxGlyphs) {
            return std::unexpected("a font's glyph count is not valid");
        }
        f.fallback_char = chars[0];
        f.ellipsis_char = chars[1];
        f.dot_char = chars[2];
        f.metrics_total_surface = surface;
        f.glyphs.reserve(glyphs);
        for (std::uint32_t g = 0; g < glyphs; ++g) {
            auto glyph = get_glyph(r);
            if (!glyph) return std::unexpected(glyph.error());
            f.glyphs.push_back(*glyph);
        }
        image.fonts.push_back(std::move(f));
    }
    std::uint64_t pixels = 0;
    if (!r.get(pixels) ||
        pixels !=
            static_cast<std::uint64_t>(image.width) * static_cast<std::uint64_t>(image.height) ||
        pixels != r.left()) {
        return std::unexpected("the texture is cut short");
    }
    const auto* texture = reinterpret_cast<const std::uint8_t*>(body_bytes.data()) +
                          (body_bytes.size() - static_cast<std::size_t>(pixels));
    if (owner) {
        image.alpha = {texture, static_cast<std::size_t>(pixels)};
        image.alpha_owner = std::move(owner);
    } else {
        auto copy = std::make_shared<std::vector<std::uint8_t>>(texture, texture + pixels);
        image.alpha = *copy;
        image.alpha_owner = std::move(copy);
    }
    return image;
}

}  // namespace kiosk::ui
