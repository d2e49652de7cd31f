// Bitmaps as SDL textures.
#include "kiosk/app/sdl_textures.hpp"

#include <SDL.h>

#include <algorithm>
#include <cstring>

namespace kiosk::app {

namespace {
constexpr int kPieceRows = 2048;  // every GPU the kiosk may meet allows textures this tall
}

SdlTextures::~SdlTextures() { release_all(); }

const std::vector<ui::TexturePiece>& SdlTextures::bitmap_pieces(const printer::Bitmap& bm) {
    if (cached_for_ == &bm && cached_w_ == bm.width() && cached_h_ == bm.height()) return pieces_;
    release_all();
    cached_for_ = &bm;
    cached_w_ = bm.width();
    cached_h_ = bm.height();
    std::vector<std::uint32_t> rgba;
    for (int first = 0; first < bm.height(); first += kPieceRows) {
        const int rows = std::min(kPieceRows, bm.height() - first);
        SDL_Texture* tex = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, bm.width(), rows);
        if (!tex) break;
        rgba.assign(static_cast<std::size_t>(bm.width()) * rows, 0xFFFFFFFFu);
        for (int y = 0; y < rows; ++y) {
            for (int x = 0; x < bm.width(); ++x) {
                if (bm.get(x, first + y)) rgba[static_cast<std::size_t>(y) * bm.width() + x] = 0xFF000000u;
            }
        }
        SDL_UpdateTexture(tex, nullptr, rgba.data(), bm.width() * 4);
        SDL_SetTextureScaleMode(tex, SDL_ScaleModeLinear);
        pieces_.push_back({static_cast<ImTextureID>(tex), first, rows});
    }
    return pieces_;
}

void SdlTextures::release_all() {
    for (const auto& p : pieces_) SDL_DestroyTexture(static_cast<SDL_Texture*>(p.texture));
    pieces_.clear();
    cached_for_ = nullptr;
    cached_w_ = cached_h_ = 0;
}

}  // namespace kiosk::app
