// Print jobs as bytes.
#include "printer/job.hpp"

#include <algorithm>

#include "base/gb18030.hpp"
#include "base/line_break.hpp"
#include "base/utf8.hpp"
#include "printer/escpos.hpp"
#include "printer/qr_code.hpp"

namespace printer {

std::size_t EncodedJob::total_bytes() const {
    std::size_t n = 0;
    for (const auto& c : chunks) n += c.size();
    return n;
}

std::vector<std::uint8_t> EncodedJob::joined() const {
    std::vector<std::uint8_t> all;
    all.reserve(total_bytes());
    for (const auto& c : chunks) all.insert(all.end(), c.begin(), c.end());
    return all;
}

EncodedJob encode_raster_job(const Bitmap& sheet, const Profile& profile) {
    EncodedJob job;
    job.chunks.emplace_back();
    escpos::initialize(job.chunks.back());
    for (int y = 0; y < sheet.height(); y += profile.band_height) {
        job.chunks.emplace_back();
        escpos::raster_band(job.chunks.back(), sheet, y,
                            std::min(profile.band_height, sheet.height() - y));
    }
    job.chunks.emplace_back();
    const int feed = profile.mm_to_dots(profile.feed_after_mm);
    escpos::feed_dots(job.chunks.back(), feed);
    if (profile.cut) escpos::cut(job.chunks.back());
    job.paper_dots = sheet.height() + feed;
    return job;
}

namespace {

// The built-in font's characters are 24 dots high.
constexpr int kFontDots = 24;
// Line spacing (ESC 3) for the built-in font: 10 dots of air under 24-dot characters.
constexpr int kLineSpacing = 34;
// Native QR codes: dots a module.
constexpr int kQrModule = 6;

// Chinese 24 dots wide, ASCII 12, times the size multiplier.
float builtin_advance(char32_t cp, int width_mul) {
    return static_cast<float>((cp < 0x80 ? kFontDots / 2 : kFontDots) * width_mul);
}

class TextWriter {
  public:
    explicit TextWriter(const Profile& p) : profile_(p) {
        chunk().clear();
        escpos::initialize(chunk());
        escpos::kanji_mode(chunk(), true);
        escpos::line_spacing(chunk(), kLineSpacing);
    }

    std::expected<void, std::string> lines(std::string_view text, int mul_w, int mul_h, int align,
                                           std::string_view first_prefix = {},
                                           std::string_view next_prefix = {}) {
        start_block();
        escpos::align(chunk(), align);
        escpos::char_size(chunk(), mul_w, mul_h);
        float prefix_w = 0;
        for (const char32_t cp : base::utf8::decode(first_prefix))
            prefix_w += builtin_advance(cp, mul_w);
        const auto spans =
            base::break_lines(text, static_cast<float>(profile_.width_dots) - prefix_w,
                              [&](char32_t cp) { return builtin_advance(cp, mul_w); });
        bool first = true;
        for (const auto& s : spans) {
            const std::string line = std::string(first ? first_prefix : next_prefix) +
                                     std::string(text.substr(s.begin, s.end - s.begin));
            first = false;
            int replaced = 0;
            auto gb = base::utf8_to_gb18030(line, true, &replaced);
            if (!gb) return std::unexpected(gb.error());
            replaced_ += replaced;
            chunk().insert(chunk().end(), gb->begin(), gb->end());
            chunk().push_back(escpos::kLf);
            // A line feed moves the paper by the line spacing, or by the characters' height
            // where they are taller (double height): what the printer feeds, not more.
            dots_ += std::max(kLineSpacing, kFontDots * mul_h);
        }
        return {};
    }

    void raster(const Bitmap& bm) {
        start_block();
        for (int y = 0; y < bm.height(); y += profile_.band_height) {
            escpos::raster_band(chunk(), bm, y, std::min(profile_.band_height, bm.height() - y));
        }
        dots_ += bm.height();
    }

    void qr(const std::string& payload) {
        start_block();
        escpos::align(chunk(), 1);
        escpos::qr_native(chunk(), payload, kQrModule, 'M');
        chunk().push_back(escpos::kLf);
        // The printer makes the same symbol (level M, the smallest version that holds it), then
        // the line feed after it moves the paper by the line spacing.
        if (auto code = encode_qr(payload, {.level = QrErrorLevel::medium}))
            dots_ += code->size * kQrModule + kLineSpacing;
    }

    void feed(int dots) {
        escpos::feed_dots(chunk(), dots);
        dots_ += dots;
    }

    EncodedJob finish() {
        job_.chunks.emplace_back();
        escpos::kanji_mode(chunk(), false);
        feed(profile_.mm_to_dots(profile_.feed_after_mm));
        if (profile_.cut) escpos::cut(chunk());
        job_.paper_dots = dots_;
        job_.replaced_characters = replaced_;
        return std::move(job_);
    }

  private:
    std::vector<std::uint8_t>& chunk() {
        if (job_.chunks.empty()) job_.chunks.emplace_back();
        return job_.chunks.back();
    }
    // Each block is its own chunk, so status can be asked between blocks.
    void start_block() {
        if (!chunk().empty()) job_.chunks.emplace_back();
    }

    const Profile& profile_;
    EncodedJob job_;
    int dots_ = 0;
    int replaced_ = 0;
};

}  // namespace

std::expected<EncodedJob, std::string> encode_text_job(const Sheet& sheet, const Profile& profile) {
    if (!profile.text_mode)
        return std::unexpected("printer profile " + profile.name + " has no text mode");
    TextWriter w(profile);
    for (const auto& b : sheet.blocks()) {
        std::expected<void, std::string> ok;
        switch (b.kind) {
            case Block::Kind::title:
                ok = w.lines(b.text, 2, 2, 1);
                break;
            case Block::Kind::heading:
                ok = w.lines("■ " + b.text, 1, 2, 0);
                break;
            case Block::Kind::paragraph:
                ok = w.lines(b.text, 1, 1, 0);
                break;
            case Block::Kind::footer:
                ok = w.lines(b.text, 1, 1, 0);
                break;
            case Block::Kind::bullets:
                for (const auto& item : b.items) {
                    if (!(ok = w.lines(item, 1, 1, 0, "· ", "  "))) break;
                }
                break;
            case Block::Kind::key_values:
                for (const auto& [k, v] : b.rows) {
                    if (!(ok = w.lines(k + "：" + v, 1, 1, 0))) break;
                }
                break;
            case Block::Kind::qr: {
                if (profile.native_qr) {
                    w.qr(b.text);
                } else if (auto code = encode_qr(b.text)) {
                    const int module = 6, quiet = 4;
                    Bitmap bm(profile.width_dots, (code->size + 2 * quiet) * module);
                    const int left = (profile.width_dots - (code->size + 2 * quiet) * module) / 2 +
                                     quiet * module;
                    for (int y = 0; y < code->size; ++y) {
                        for (int x = 0; x < code->size; ++x) {
                            if (code->dark(x, y))
                                bm.fill_rect(left + x * module, (y + quiet) * module, module,
                                             module);
                        }
                    }
                    w.raster(bm);
                } else {
                    return std::unexpected(code.error());
                }
                if (!b.caption.empty()) ok = w.lines(b.caption, 1, 1, 1);
                break;
            }
            case Block::Kind::rule:
                ok = w.lines(std::string(static_cast<std::size_t>(profile.width_dots / 12), '-'), 1,
                             1, 0);
                break;
            case Block::Kind::spacer:
                w.feed(b.dots);
                break;
            case Block::Kind::picture:
                if (b.picture) w.raster(b.picture->dither());
                break;
        }
        if (!ok) return std::unexpected(ok.error());
    }
    return w.finish();
}

}  // namespace printer
