// Sheet layout and rasterizing.
#include "printer/layout.hpp"

#include <algorithm>
#include <cmath>

#include "base/line_break.hpp"
#include "base/utf8.hpp"
#include "printer/qr_code.hpp"

namespace printer {
namespace {

class Painter {
  public:
    Painter(const Profile& profile, FontFace& font, const LayoutOptions& o)
        : profile_(profile),
          font_(font),
          o_(o),
          margin_(scaled_dots(o.margin_dots, profile)),
          max_rows_(profile.mm_to_dots(profile.max_length_mm)),
          paper_(profile.width_dots, 0) {}

    int width() const { return profile_.width_dots - 2 * margin_; }

    // Text lines of `px` dots, broken to `width_dots`, starting at x; false when the sheet would
    // grow past the profile's maximum. `lead`, when given, is drawn on the first line at `lead_x`
    // (a bullet's dot, a table's key).
    bool text(std::string_view text, int px, int x, int width_dots, bool centred = false,
              std::string_view lead = {}, int lead_x = 0) {
        const auto lines = base::break_lines(text, static_cast<float>(width_dots),
                                             [&](char32_t cp) { return font_.advance(cp, px); });
        const int line_h = px * 13 / 10;  // CJK needs air between lines, on paper as on screen
        bool first = true;
        for (const auto& l : lines) {
            const std::string_view part = text.substr(l.begin, l.end - l.begin);
            GrayCanvas canvas(profile_.width_dots, line_h);
            float lx = static_cast<float>(x);
            if (centred) lx += (static_cast<float>(width_dots) - measure(part, px)) / 2;
            font_.draw(canvas, lx, (line_h - px) / 2, part, px);
            if (first && lead == "\u2022") {
                const int r = std::max(2, px / 7);
                for (int yy = -r; yy <= r; ++yy) {
                    for (int xx = -r; xx <= r; ++xx) {
                        if (xx * xx + yy * yy <= r * r)
                            canvas.darken(lead_x + r + xx, line_h / 2 + yy, 255);
                    }
                }
            } else if (first && !lead.empty()) {
                font_.draw(canvas, static_cast<float>(lead_x), (line_h - px) / 2, lead, px);
            }
            first = false;
            if (!place(canvas.threshold())) return false;
        }
        return true;
    }

    float measure(std::string_view text, int px) {
        float w = 0;
        for (const char32_t cp : base::utf8::decode(text)) w += font_.advance(cp, px);
        return w;
    }

    bool place(const Bitmap& rows) {
        const int y = paper_.height();
        if (y + rows.height() > max_rows_) return false;
        paper_.resize_height(y + rows.height());
        paper_.blit(rows, 0, y);
        return true;
    }

    bool space(int dots) {
        if (paper_.height() + dots > max_rows_) return false;
        paper_.resize_height(paper_.height() + dots);
        return true;
    }

    bool rule() {
        Bitmap line(profile_.width_dots, 6);
        line.fill_rect(margin_, 2, width(), 2);
        return place(line);
    }

    std::expected<bool, std::string> qr(const std::string& payload) {
        auto code = encode_qr(payload);
        if (!code) return std::unexpected(code.error());
        // As large as half the paper allows, never below the phone-readable minimum.
        const int quiet = 4;
        const int total = code->size + 2 * quiet;
        int module = std::clamp(profile_.width_dots / 2 / total,
                                scaled_dots(o_.min_qr_module_dots, profile_), 12);
        if (module * total > width())
            return std::unexpected("the code is too large for this paper");
        Bitmap bm(profile_.width_dots, module * total);
        const int left = (profile_.width_dots - module * total) / 2 + quiet * module;
        for (int y = 0; y < code->size; ++y) {
            for (int x = 0; x < code->size; ++x) {
                if (code->dark(x, y))
                    bm.fill_rect(left + x * module, (y + quiet) * module, module, module);
            }
        }
        return place(bm);
    }

    int margin() const { return margin_; }
    Bitmap take() { return std::move(paper_); }

  private:
    const Profile& profile_;
    FontFace& font_;
    const LayoutOptions& o_;
    int margin_;
    int max_rows_;
    Bitmap paper_;
};

}  // namespace

int scaled_dots(int dots_at_203, const Profile& profile) {
    return std::max(1, static_cast<int>(std::lround(dots_at_203 * profile.dpi / 203.0)));
}

std::expected<Bitmap, LayoutError> render_sheet(const Sheet& sheet, const Profile& profile,
                                                FontFace& font, const LayoutOptions& o) {
    Painter p(profile, font, o);
    const int title = scaled_dots(o.title_dots, profile);
    const int heading = scaled_dots(o.heading_dots, profile);
    const int body = std::max(24, scaled_dots(o.body_dots, profile));
    const int small = std::max(24, scaled_dots(o.footer_dots, profile));
    const int gap = scaled_dots(10, profile);
    const int x = p.margin();
    const int w = p.width();
    auto too_long = [&] {
        return std::unexpected(LayoutError{LayoutError::Kind::too_long,
                                           "the sheet is longer than " +
                                               std::to_string(profile.max_length_mm) +
                                               " mm, the most this printer profile allows"});
    };

    for (const auto& b : sheet.blocks()) {
        bool ok = true;
        switch (b.kind) {
            case Block::Kind::title:
                ok = p.text(b.text, title, x, w, true) && p.space(gap);
                break;
            case Block::Kind::heading: {
                // A black bar before the heading marks a new section even to a skimming eye.
                ok = p.space(gap);
                Bitmap bar(profile.width_dots, heading * 13 / 10);
                bar.fill_rect(x, heading / 5, scaled_dots(6, profile), heading);
                const int indent = scaled_dots(14, profile);
                if (ok) {
                    GrayCanvas canvas(profile.width_dots, heading * 13 / 10);
                    font.draw(canvas, static_cast<float>(x + indent),
                              (heading * 13 / 10 - heading) / 2, b.text, heading);
                    Bitmap line = canvas.threshold();
                    line.blit(bar, 0, 0);
                    ok = p.place(line);
                }
                break;
            }
            case Block::Kind::paragraph:
                ok = p.text(b.text, body, x, w) && p.space(gap / 2);
                break;
            case Block::Kind::footer:
                ok = p.text(b.text, small, x, w) && p.space(gap / 2);
                break;
            case Block::Kind::bullets: {
                const int indent = body;
                for (const auto& item : b.items) {
                    ok =
                        ok &&
                        p.text(item, body, x + indent, w - indent, false, "\u2022", x + body / 6) &&
                        p.space(gap / 3);
                }
                ok = ok && p.space(gap / 2);
                break;
            }
            case Block::Kind::key_values: {
                // Keys in a column as wide as the widest, values wrapping beside them.
                float key_w = 0;
                for (const auto& [k, v] : b.rows) key_w = std::max(key_w, p.measure(k, body));
                const int value_x = x + static_cast<int>(key_w) + body / 2;
                for (const auto& [k, v] : b.rows) {
                    ok = ok && p.text(v, body, value_x, x + w - value_x, false, k, x) &&
                         p.space(gap / 3);
                }
                ok = ok && p.space(gap / 2);
                break;
            }
            case Block::Kind::qr: {
                auto placed = p.qr(b.text);
                if (!placed)
                    return std::unexpected(LayoutError{LayoutError::Kind::qr, placed.error()});
                ok = *placed && (b.caption.empty() || p.text(b.caption, small, x, w, true)) &&
                     p.space(gap);
                break;
            }
            case Block::Kind::rule:
                ok = p.rule();
                break;
            case Block::Kind::spacer:
                ok = p.space(b.dots);
                break;
            case Block::Kind::picture:
                ok = b.picture && p.place(b.picture->dither());
                break;
        }
        if (!ok) return too_long();
    }
    return p.take();
}

}  // namespace printer
