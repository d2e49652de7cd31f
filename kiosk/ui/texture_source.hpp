// Pictures the UI shows but cannot make itself (it has no renderer): the app turns bitmaps into
// textures. Long bitmaps come back in pieces, as GPUs limit a texture's height.
#pragma once

#include <vector>

#include <imgui.h>

#include "printer/bitmap.hpp"

namespace kiosk::ui {

struct TexturePiece {
    ImTextureID texture = nullptr;
    int first_row = 0;
    int rows = 0;
};

class TextureSource {
public:
    virtual ~TextureSource() = default;
    // Pieces for `bitmap`; the same bitmap (same address and size) gets the cached pieces.
    virtual const std::vector<TexturePiece>& bitmap_pieces(const printer::Bitmap& bitmap) = 0;
    // Frees every texture: the session ended and nothing of it may stay in memory.
    virtual void release_all() = 0;
};

}  // namespace kiosk::ui
