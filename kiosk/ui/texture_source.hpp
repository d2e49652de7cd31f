// Pictures the UI shows but cannot make itself (it has no renderer): the app turns bitmaps into
// textures. Long bitmaps come back in pieces, made as they scroll into view.
#pragma once

#include <vector>

#include <imgui.h>
#include "kiosk/core/screen_values.hpp"

namespace kiosk::ui {

struct TexturePiece {
    ImTextureID texture = nullptr;
    int first_row = 0;
    int rows = 0;
};

class TextureSource {
  public:
    virtual ~TextureSource() = default;
    // The pieces of `bitmap` that hold rows [first_row, end_row): only what is on screen is
    // turned into textures, so a long sheet costs a frame no more than a short one. The same
    // bitmap (same address and size) keeps the pieces made so far.
    virtual std::vector<TexturePiece> bitmap_pieces(const core::Bitmap& bitmap, int first_row,
                                                    int end_row) = 0;
    // Frees every texture: the session ended and nothing of it may stay in memory.
    virtual void release_all() = 0;
};

}  // namespace kiosk::ui
