// Vector pictograms for the assistance items.
#include "kiosk/ui/pictograms.hpp"

#include <cmath>

#include "kiosk/ui/theme_style.hpp"

namespace kiosk::ui {
namespace {

constexpr float kPi = 3.14159265f;

struct Pen {
    ImDrawList* dl;
    ImVec2 c;  // centre
    float s;   // half the size: coordinates below are in -1..1
    ImU32 ink;
    float w;  // stroke width

    ImVec2 at(float x, float y) const { return ImVec2(c.x + x * s, c.y + y * s); }
    void line(float x0, float y0, float x1, float y1) const {
        dl->AddLine(at(x0, y0), at(x1, y1), ink, w);
    }
    void disc(float x, float y, float r) const { dl->AddCircleFilled(at(x, y), r * s, ink, 24); }
    void ring(float x, float y, float r) const { dl->AddCircle(at(x, y), r * s, ink, 24, w); }
    void box(float x0, float y0, float x1, float y1, float round = 0) const {
        dl->AddRectFilled(at(x0, y0), at(x1, y1), ink, round * s);
    }
    void frame(float x0, float y0, float x1, float y1, float round = 0) const {
        dl->AddRect(at(x0, y0), at(x1, y1), ink, round * s, 0, w);
    }
    void tri(float x0, float y0, float x1, float y1, float x2, float y2) const {
        dl->AddTriangleFilled(at(x0, y0), at(x1, y1), at(x2, y2), ink);
    }
    // Filled half disc opening upwards (a bowl) or downwards (an umbrella).
    void half_disc(float x, float y, float r, bool bowl) const {
        dl->PathArcTo(at(x, y), r * s, bowl ? 0 : kPi, bowl ? kPi : 2 * kPi, 24);
        dl->PathFillConvex(ink);
    }
};

void bowl(const Pen& p) {
    p.half_disc(0, 0.05f, 0.62f, true);
    p.box(-0.3f, 0.62f, 0.3f, 0.72f, 0.05f);
    for (const float x : {-0.34f, 0.0f, 0.34f}) p.disc(x, -0.06f, 0.2f);  // rice heaped up
    p.line(0.2f, -0.75f, 0.55f, -0.2f);                                   // chopsticks
    p.line(0.35f, -0.8f, 0.68f, -0.25f);
}

void elder(const Pen& p) {
    p.disc(-0.12f, -0.62f, 0.17f);
    p.line(-0.12f, -0.42f, -0.2f, 0.2f);  // back, a little bent
    p.line(-0.2f, 0.2f, -0.38f, 0.78f);   // legs
    p.line(-0.2f, 0.2f, 0.02f, 0.78f);
    p.line(-0.14f, -0.22f, 0.32f, 0.02f);  // arm to the cane
    p.line(0.32f, -0.02f, 0.4f, 0.8f);     // cane
}

void family(const Pen& p) {
    for (const float x : {-0.42f, 0.42f}) {
        p.disc(x, -0.5f, 0.17f);
        p.box(x - 0.2f, -0.28f, x + 0.2f, 0.5f, 0.12f);
    }
    p.disc(0, -0.05f, 0.13f);
    p.box(-0.14f, 0.12f, 0.14f, 0.62f, 0.08f);
    p.line(-0.62f, 0.75f, 0.62f, 0.75f);
}

void scale(const Pen& p) {
    p.line(0, -0.7f, 0, 0.6f);
    p.box(-0.35f, 0.6f, 0.35f, 0.72f, 0.04f);
    p.line(-0.65f, -0.45f, 0.65f, -0.45f);
    for (const float x : {-0.55f, 0.55f}) {
        p.line(x, -0.45f, x - 0.18f, 0.05f);
        p.line(x, -0.45f, x + 0.18f, 0.05f);
        p.half_disc(x, 0.05f, 0.22f, true);
    }
    p.disc(0, -0.72f, 0.08f);
}

void hand(const Pen& p) {
    // A heart held in an open hand: help that arrives now.
    p.disc(-0.2f, -0.38f, 0.24f);
    p.disc(0.2f, -0.38f, 0.24f);
    p.tri(-0.43f, -0.3f, 0.43f, -0.3f, 0, 0.15f);
    p.box(-0.7f, 0.35f, 0.45f, 0.58f, 0.1f);
    p.box(0.35f, 0.1f, 0.7f, 0.58f, 0.12f);
}

void medical(const Pen& p) {
    p.frame(-0.7f, -0.7f, 0.7f, 0.7f, 0.18f);
    p.box(-0.14f, -0.5f, 0.14f, 0.5f);
    p.box(-0.5f, -0.14f, 0.5f, 0.14f);
}

void school(const Pen& p) {
    // An open book.
    p.dl->AddQuadFilled(p.at(-0.75f, -0.45f), p.at(-0.04f, -0.3f), p.at(-0.04f, 0.6f),
                        p.at(-0.75f, 0.45f), p.ink);
    p.dl->AddQuadFilled(p.at(0.04f, -0.3f), p.at(0.75f, -0.45f), p.at(0.75f, 0.45f),
                        p.at(0.04f, 0.6f), p.ink);
    p.disc(0, -0.68f, 0.12f);
}

void house(const Pen& p) {
    p.tri(-0.78f, -0.05f, 0.78f, -0.05f, 0, -0.75f);
    p.box(-0.55f, -0.08f, 0.55f, 0.72f);
    p.dl->AddRectFilled(p.at(-0.16f, 0.25f), p.at(0.16f, 0.72f), IM_COL32(255, 255, 255, 255));
}

void work(const Pen& p) {
    p.frame(-0.22f, -0.58f, 0.22f, -0.3f, 0.06f);  // handle
    p.box(-0.72f, -0.32f, 0.72f, 0.62f, 0.12f);
    p.dl->AddRectFilled(p.at(-0.72f, 0.05f), p.at(0.72f, 0.12f), IM_COL32(255, 255, 255, 255));
}

void disaster(const Pen& p) {
    p.half_disc(0, -0.1f, 0.75f, false);  // umbrella
    p.line(0, -0.1f, 0, 0.55f);
    p.dl->PathArcTo(p.at(0.15f, 0.55f), 0.15f * p.s, 0, kPi, 12);
    p.dl->PathStroke(p.ink, 0, p.w);
    for (const float x : {-0.6f, -0.35f, 0.45f, 0.7f}) p.line(x, 0.25f, x - 0.08f, 0.45f);  // rain
}

}  // namespace

void draw_pictogram(ImDrawList* dl, std::string_view name, ImVec2 center, float size,
                    themes::Rgba ink, themes::Rgba backdrop) {
    dl->AddCircleFilled(center, size / 2, to_u32(backdrop), 48);
    const Pen p{dl, center, size * 0.32f, to_u32(ink), std::max(2.0f, size * 0.045f)};
    if (name == "bowl")
        bowl(p);
    else if (name == "elder")
        elder(p);
    else if (name == "family")
        family(p);
    else if (name == "scale")
        scale(p);
    else if (name == "hand")
        hand(p);
    else if (name == "medical")
        medical(p);
    else if (name == "school")
        school(p);
    else if (name == "house")
        house(p);
    else if (name == "work")
        work(p);
    else if (name == "disaster")
        disaster(p);
}

}  // namespace kiosk::ui
