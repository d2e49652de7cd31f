// Turns bitmaps into SDL textures for the UI (the print preview), in pieces no taller than any
// GPU allows, made as they come into view and cached until the session ends.
#pragma once

#include <vector>

#include "kiosk/ui/texture_source.hpp"

struct SDL_Renderer;

namespace kiosk::app {

class SdlTextures : public ui::TextureSource {
  public:
    explicit SdlTextures(SDL_Renderer* renderer) : renderer_(renderer) {}
    ~SdlTextures() override;
    std::vector<ui::TexturePiece> bitmap_pieces(const core::Bitmap& bitmap, int first_row,
                                                int end_row) override;
    void release_all() override;

  private:
    ImTextureID make_texture(const core::Bitmap& bitmap, int first_row, int rows);
    SDL_Renderer* renderer_;
    const core::Bitmap* cached_for_ = nullptr;
    int cached_w_ = 0, cached_h_ = 0;
    std::vector<ui::TexturePiece> pieces_;  // by piece index; texture null until needed
};

}  // namespace kiosk::app
