// Bitmaps as SDL textures.
#include "kiosk/app/sdl_textures.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstring>

namespace kiosk::app {

namespace {
// Small enough that the pieces coming into view cost a frame a few milliseconds; every GPU the
// kiosk may meet allows textures this tall.
constexpr int kPieceRows = 512;
}  // namespace

SdlTextures::~SdlTextures() {
    release_all();
}

std::vector<ui::TexturePiece> SdlTextures::bitmap_pieces(const core::Bitmap& bm, int first_row,
                                                         int end_row) {
    if (cached_for_ != &bm || cached_w_ != bm.width() || cached_h_ != bm.height()) {
        release_all();
        cached_for_ = &bm;
        cached_w_ = bm.width();
        cached_h_ = bm.height();
        for (int first = 0; first < bm.height(); first += kPieceRows) {
            pieces_.push_back({nullptr, first, std::min(kPieceRows, bm.height() - first)});
        }
    }
    std::vector<ui::TexturePiece> out;
    for (auto& piece : pieces_) {
        if (piece.first_row + piece.rows <= first_row || piece.first_row >= end_row) continue;
        if (!piece.texture) piece.texture = make_texture(bm, piece.first_row, piece.rows);
        if (piece.texture) out.push_back(piece);
    }
    return out;
}

ImTextureID SdlTextures::make_texture(const core::Bitmap& bm, int first, int rows) {
    SDL_Texture* tex = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888,
                                         SDL_TEXTUREACCESS_STATIC, bm.width(), rows);
    if (!tex) return nullptr;
    // Row by row from the packed bytes, eight dots a byte.
    const auto width = static_cast<std::size_t>(bm.width());
    std::vector<std::uint32_t> rgba(width * static_cast<std::size_t>(rows));
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t* in = bm.row(first + y);
        std::uint32_t* out = rgba.data() + static_cast<std::size_t>(y) * width;
        for (std::size_t x = 0; x < width; ++x) {
            const bool black = (in[x >> 3] & (0x80u >> (x & 7))) != 0;
            out[x] = black ? 0xFF000000u : 0xFFFFFFFFu;
        }
    }
    SDL_UpdateTexture(tex, nullptr, rgba.data(), bm.width() * 4);
    SDL_SetTextureScaleMode(tex, SDL_ScaleModeLinear);
    return static_cast<ImTextureID>(tex);
}

void SdlTextures::release_all() {
    for (const auto& p : pieces_) {
        if (p.texture) SDL_DestroyTexture(static_cast<SDL_Texture*>(p.texture));
    }
    pieces_.clear();
    cached_for_ = nullptr;
    cached_w_ = cached_h_ = 0;
}

}  // namespace kiosk::app
