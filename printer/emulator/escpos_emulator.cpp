// The ESC/POS emulator: a byte-stream parser that keeps incomplete commands for the next call,
// and a paper model that moves, prints, runs out and gets cut like a thermal receipt printer.
#include "printer/emulator/escpos_emulator.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "base/utf8.hpp"
#include "printer/escpos.hpp"

namespace printer::emulator {
namespace {

using escpos::kDle;
using escpos::kEsc;
using escpos::kFs;
using escpos::kGs;
using escpos::kLf;

constexpr std::uint8_t kCr = 0x0D, kEot = 0x04;
constexpr int kDefaultLineSpacing = 30;
constexpr int kFontDots = 24;  // the built-in font's cell height; ASCII is half as wide
constexpr char32_t kReplacement = 0xFFFD;

int u16(std::uint8_t low, std::uint8_t high) {
    return low | (high << 8);
}

// One iconv handle per thread: iconv keeps state in the handle, and emulators may run in
// several threads (a server's worker and the test itself).
class Gb18030Decoder {
  public:
    Gb18030Decoder() : cd_(iconv_open("UTF-8", "GB18030")) {}
    ~Gb18030Decoder() {
        if (ok()) iconv_close(cd_);
    }
    Gb18030Decoder(const Gb18030Decoder&) = delete;
    Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

    // One GB18030 character (1, 2 or 4 bytes) as a code point; U+FFFD when it is not one.
    char32_t decode(std::string_view gb) {
        if (!ok() || gb.empty() || gb.size() > 4) return kReplacement;
        char in[4] = {}, out[8] = {};
        std::copy(gb.begin(), gb.end(), in);
        char* in_ptr = in;
        char* out_ptr = out;
        std::size_t in_left = gb.size(), out_left = sizeof out;
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        if (iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1) ||
            in_left != 0) {
            return kReplacement;
        }
        const auto decoded = base::utf8::decode_one(std::string_view(out, sizeof out - out_left));
        return decoded ? decoded->code_point : kReplacement;
    }

  private:
    bool ok() const { return cd_ != reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)); }
    iconv_t cd_;
};

char32_t decode_gb18030(std::string_view gb) {
    thread_local Gb18030Decoder decoder;
    return decoder.decode(gb);
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
    constexpr std::size_t kShown = 8;  // enough to recognise a command, not a whole image
    std::string out;
    for (std::size_t i = 0; i < std::min(bytes.size(), kShown); ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%02X", bytes[i]);
        if (!out.empty()) out += ' ';
        out += hex;
    }
    if (bytes.size() > kShown) out += " ...";
    return out;
}

// "ESC z" for a letter, "ESC 0x05" for anything unprintable.
std::string named(const char* prefix, std::uint8_t byte) {
    std::string out = prefix;
    out += ' ';
    if (byte > 0x20 && byte < 0x7F) {
        out += static_cast<char>(byte);
    } else {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", byte);
        out += hex;
    }
    return out;
}

// Commands this emulator does not act on but whose length is fixed, so it can skip them whole
// instead of printing their parameters as text. Returns the total length, or 0 if unknown.
std::size_t known_esc_length(std::uint8_t letter) {
    switch (letter) {
        case ' ':
        case '-':
        case 'G':
        case 'M':
        case 'R':
        case 't':
        case '{':
        case 'V':
        case 'e':
        case 'U':
        case 'r':
            return 3;
        case 'c':  // ESC c 3 n, ESC c 4 n, ESC c 5 n: paper sensors and panel keys
            return 4;
        default:
            return 0;
    }
}

std::size_t known_gs_length(std::uint8_t letter) {
    switch (letter) {
        case 'B':
        case 'h':
        case 'w':
        case 'H':
        case 'f':
        case 'a':
        case 'b':
            return 3;
        case 'L':
        case 'W':
        case 'P':
            return 4;
        default:
            return 0;
    }
}

}  // namespace

EscPosEmulator::EscPosEmulator(EmulatorOptions options)
    : options_(std::move(options)), current_(options_.width_dots, 0) {
    assert(options_.width_dots > 0 && options_.dpi > 0);
}

std::vector<std::uint8_t> EscPosEmulator::feed(std::span<const std::uint8_t> bytes) {
    std::vector<std::uint8_t> answers;
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
    std::size_t pos = 0;
    while (pos < pending_.size()) {
        command_offset_ = base_offset_ + pos;
        std::size_t used = 0;
        const auto rest = std::span<const std::uint8_t>(pending_).subspan(pos);
        if (parse_one(rest, used, answers) == Parsed::need_more) break;
        assert(used > 0 && used <= rest.size());
        pos += used;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pos));
    base_offset_ += pos;
    return answers;
}

// ---- Parsing -----------------------------------------------------------------------------------

EscPosEmulator::Parsed EscPosEmulator::parse_one(std::span<const std::uint8_t> in,
                                                 std::size_t& used,
                                                 std::vector<std::uint8_t>& answers) {
    const std::uint8_t b = in[0];
    if (b == kLf) {
        used = 1;
        if (!print_text_line(line_spacing_)) feed_dots(line_spacing_);
        return Parsed::done;
    }
    if (b == kCr) {  // many drivers send CR LF; the LF does the work
        used = 1;
        return Parsed::done;
    }
    if (b == kEsc) return parse_esc(in, used);
    if (b == kGs) return parse_gs(in, used);
    if (b == kFs) {
        if (in.size() < 2) return Parsed::need_more;
        used = 2;
        if (in[1] == '&') {
            kanji_ = true;
        } else if (in[1] == '.') {
            kanji_ = false;
        } else {
            report(in.first(2), named("FS", in[1]));
        }
        return Parsed::done;
    }
    if (b == kDle) {
        if (in.size() < 2) return Parsed::need_more;
        if (in[1] != kEot) {
            used = 1;
            report(in.first(1), "");
            return Parsed::done;
        }
        if (in.size() < 3) return Parsed::need_more;
        used = 3;
        const std::uint8_t n = in[2];
        if (n < 1 || n > 4) {
            report(in.first(3), "DLE EOT with n out of 1..4");
            return Parsed::done;
        }
        answers.push_back(status_byte(n));
        return Parsed::done;
    }
    if (b >= 0x20 && b != 0x7F) {
        used = 1;
        add_text_byte(b);
        return Parsed::done;
    }
    used = 1;
    report(in.first(1), "");
    return Parsed::done;
}

EscPosEmulator::Parsed EscPosEmulator::parse_esc(std::span<const std::uint8_t> in,
                                                 std::size_t& used) {
    if (in.size() < 2) return Parsed::need_more;
    const std::uint8_t letter = in[1];
    if (letter == '@') {
        used = 2;
        initialize();
        return Parsed::done;
    }
    if (letter == '2') {
        used = 2;
        line_spacing_ = kDefaultLineSpacing;
        return Parsed::done;
    }
    switch (letter) {
        case 'J':
        case 'd':
        case '3':
        case 'a':
        case 'E':
        case '!':
            break;
        default: {
            const std::size_t length = known_esc_length(letter);
            if (length == 0) {
                used = 2;
                report(in.first(2), named("ESC", letter));
                return Parsed::done;
            }
            if (in.size() < length) return Parsed::need_more;
            used = length;
            report(in.first(length), named("ESC", letter) + ", not emulated");
            return Parsed::done;
        }
    }
    if (in.size() < 3) return Parsed::need_more;
    used = 3;
    const std::uint8_t n = in[2];
    switch (letter) {
        case 'J':  // ESC J prints the line buffer, then moves the paper n dots
            if (!print_text_line(n)) feed_dots(n);
            break;
        case 'd':
            if (!print_text_line(n * line_spacing_)) feed_dots(n * line_spacing_);
            break;
        case '3':
            line_spacing_ = n;
            break;
        case 'a':
            // Epson accepts both 0..2 and '0'..'2' and ignores anything else.
            if (n <= 2) align_ = n;
            if (n >= '0' && n <= '2') align_ = n - '0';
            break;
        case 'E':
            bold_ = (n & 1) != 0;
            break;
        case '!':  // bit 3 emphasis, bit 4 double height, bit 5 double width; the rest ignored
            bold_ = (n & 0x08) != 0;
            height_mul_ = (n & 0x10) ? 2 : 1;
            width_mul_ = (n & 0x20) ? 2 : 1;
            break;
        default:
            assert(false && "letters are filtered above");
    }
    return Parsed::done;
}

EscPosEmulator::Parsed EscPosEmulator::parse_gs(std::span<const std::uint8_t> in,
                                                std::size_t& used) {
    if (in.size() < 2) return Parsed::need_more;
    const std::uint8_t letter = in[1];
    if (letter == 'v') {
        if (in.size() < 3) return Parsed::need_more;
        if (in[2] != '0') {
            used = 2;
            report(in.first(2), named("GS", letter));
            return Parsed::done;
        }
        if (in.size() < 8) return Parsed::need_more;
        const int mode = in[3];
        const int xbytes = u16(in[4], in[5]), rows = u16(in[6], in[7]);
        const std::size_t length = 8 + static_cast<std::size_t>(xbytes) * rows;
        if (in.size() < length) return Parsed::need_more;
        used = length;
        if (!(mode <= 3 || (mode >= '0' && mode <= '3'))) {
            report(in.first(length), "GS v 0 with mode out of 0..3");
            return Parsed::done;
        }
        raster(mode & 3, xbytes, rows, in.subspan(8, length - 8));
        return Parsed::done;
    }
    if (letter == '!') {
        if (in.size() < 3) return Parsed::need_more;
        used = 3;
        width_mul_ = std::min((in[2] >> 4) + 1, 8);
        height_mul_ = std::min((in[2] & 0x0F) + 1, 8);
        return Parsed::done;
    }
    if (letter == 'V') {
        if (in.size() < 3) return Parsed::need_more;
        const std::uint8_t m = in[2];
        if (m == 0 || m == 1 || m == '0' || m == '1') {
            used = 3;
            cut();
        } else if (m == 65 || m == 66) {
            if (in.size() < 4) return Parsed::need_more;
            used = 4;
            feed_dots(in[3]);
            cut();
        } else {
            used = 3;
            report(in.first(3), "GS V with unknown cut mode");
        }
        return Parsed::done;
    }
    if (letter == '(') {
        // GS ( x pL pH …: every command of this family says its own length.
        if (in.size() < 5) return Parsed::need_more;
        const std::size_t length = 5 + static_cast<std::size_t>(u16(in[3], in[4]));
        if (in.size() < length) return Parsed::need_more;
        used = length;
        if (in[2] == 'k') return parse_qr(in.first(length), used);
        report(in.first(length), named("GS (", in[2]));
        return Parsed::done;
    }
    const std::size_t length = known_gs_length(letter);
    if (length == 0) {
        used = 2;
        report(in.first(2), named("GS", letter));
        return Parsed::done;
    }
    if (in.size() < length) return Parsed::need_more;
    used = length;
    report(in.first(length), named("GS", letter) + ", not emulated");
    return Parsed::done;
}

// `in` is one whole GS ( k command: GS ( k pL pH cn fn parameters…
EscPosEmulator::Parsed EscPosEmulator::parse_qr(std::span<const std::uint8_t> in,
                                                std::size_t& used) {
    used = in.size();
    if (in.size() < 7) {
        report(in, "GS ( k too short");
        return Parsed::done;
    }
    const std::uint8_t cn = in[5], fn = in[6];
    if (cn != 49) {  // 49 is the QR symbol; PDF417 and others are not emulated
        report(in, "GS ( k cn " + std::to_string(cn));
        return Parsed::done;
    }
    const auto parameters = in.subspan(7);
    switch (fn) {
        case 65:  // model: everything prints as model 2, the only one still in use
            return Parsed::done;
        case 67:
            if (parameters.empty()) break;
            qr_module_ = std::clamp(static_cast<int>(parameters[0]), 1, 16);
            return Parsed::done;
        case 69:
            if (parameters.empty() || parameters[0] < 48 || parameters[0] > 51) break;
            qr_level_ = std::array{QrErrorLevel::low, QrErrorLevel::medium, QrErrorLevel::quartile,
                                   QrErrorLevel::high}[parameters[0] - 48];
            return Parsed::done;
        case 80:
            if (parameters.empty()) break;  // the first parameter is m = 48
            qr_data_.assign(parameters.begin() + 1, parameters.end());
            return Parsed::done;
        case 81:
            print_qr(in);
            return Parsed::done;
        default:
            break;
    }
    report(in, "GS ( k fn " + std::to_string(fn));
    return Parsed::done;
}

void EscPosEmulator::report(std::span<const std::uint8_t> command, const std::string& what) {
    std::string line = "byte " + std::to_string(command_offset_) + ": " + hex_bytes(command);
    if (!what.empty()) line += " (" + what + ")";
    unknown_.push_back(std::move(line));
}

std::uint8_t EscPosEmulator::status_byte(std::uint8_t n) const {
    std::uint8_t status = escpos::kStatusFixedValue;
    const bool out = paper_out();
    switch (n) {
        case 1:
            if (options_.cover_open || out) status |= escpos::kPrinterOffline;
            break;
        case 2:
            if (options_.cover_open) status |= escpos::kOfflineCoverOpen;
            if (out) status |= escpos::kOfflinePaperEnd;
            break;
        case 3:  // no cutter jams or head faults in an emulator
            break;
        case 4:
            if (paper_near_end()) status |= escpos::kPaperNearEnd;
            if (out) status |= escpos::kPaperEnd;
            break;
        default:
            assert(false && "n is checked by the parser");
    }
    return status;
}

// ---- Paper -------------------------------------------------------------------------------------

double EscPosEmulator::printed_mm() const {
    return static_cast<double>(printed_dots_) * 25.4 / options_.dpi;
}

long EscPosEmulator::roll_dots() const {
    assert(options_.paper_mm);
    return static_cast<long>(std::ceil(*options_.paper_mm * options_.dpi / 25.4 - 1e-9));
}

bool EscPosEmulator::paper_out() const {
    return options_.paper_mm && printed_dots_ >= roll_dots();
}

std::optional<double> EscPosEmulator::paper_left_mm() const {
    if (!options_.paper_mm) return std::nullopt;
    if (paper_out()) return 0.0;
    return std::max(0.0, *options_.paper_mm - printed_mm());
}

bool EscPosEmulator::paper_near_end() const {
    const auto left = paper_left_mm();
    return options_.near_end_mm > 0 && left && *left < options_.near_end_mm;
}

void EscPosEmulator::refill(std::optional<double> paper_mm) {
    options_.paper_mm = paper_mm;
    printed_dots_ = 0;
    if (current_.height() > 0) {
        torn_off_.push_back(std::move(current_));
        current_ = Bitmap(options_.width_dots, 0);
    }
}

void EscPosEmulator::set_cover_open(bool open) {
    options_.cover_open = open;
}

int EscPosEmulator::take_paper(int dots, int& first_row) {
    first_row = current_.height();
    if (dots <= 0 || !can_print()) return 0;
    long moved = dots;
    if (options_.paper_mm) moved = std::min(moved, roll_dots() - printed_dots_);
    current_.resize_height(first_row + static_cast<int>(moved));
    printed_dots_ += moved;
    return static_cast<int>(moved);
}

void EscPosEmulator::feed_dots(int dots) {
    int first_row = 0;
    take_paper(dots, first_row);
}

void EscPosEmulator::initialize() {
    align_ = 0;
    width_mul_ = height_mul_ = 1;
    bold_ = kanji_ = false;
    line_spacing_ = kDefaultLineSpacing;
    line_.clear();  // ESC @ empties the print buffer
}

void EscPosEmulator::cut() {
    print_text_line(line_spacing_);  // a line not yet ended still reaches the paper
    if (!can_print() || current_.height() == 0) return;
    sheets_.push_back(std::move(current_));
    current_ = Bitmap(options_.width_dots, 0);
}

int EscPosEmulator::aligned_x(int width) const {
    const int room = std::max(0, options_.width_dots - width);
    return align_ == 1 ? room / 2 : align_ == 2 ? room : 0;
}

void EscPosEmulator::raster(int mode, int xbytes, int rows, std::span<const std::uint8_t> data) {
    print_text_line(line_spacing_);
    const int scale_x = (mode & 1) ? 2 : 1, scale_y = (mode & 2) ? 2 : 1;
    int first_row = 0;
    const int moved = take_paper(rows * scale_y, first_row);
    for (int r = 0; r < moved; ++r) {
        const std::uint8_t* source = data.data() + static_cast<std::size_t>(r / scale_y) * xbytes;
        for (int xb = 0; xb < xbytes && xb * 8 * scale_x < options_.width_dots; ++xb) {
            if (source[xb] == 0) continue;
            for (int bit = 0; bit < 8; ++bit) {
                if (!((source[xb] >> (7 - bit)) & 1)) continue;
                const int x = (xb * 8 + bit) * scale_x;
                for (int dx = 0; dx < scale_x; ++dx) current_.set(x + dx, first_row + r);
            }
        }
    }
}

void EscPosEmulator::print_qr(std::span<const std::uint8_t> command) {
    print_text_line(line_spacing_);
    if (!can_print()) return;
    if (qr_data_.empty()) {
        report(command, "GS ( k print with no data stored");
        return;
    }
    const auto code = encode_qr(qr_data_, QrOptions{.level = qr_level_});
    if (!code) {
        report(command, "GS ( k print: " + code.error());
        return;
    }
    const int side = code->size * qr_module_;
    const int x0 = aligned_x(side);
    int first_row = 0;
    const int moved = take_paper(side, first_row);
    for (int y = 0; y < moved; ++y) {
        for (int mx = 0; mx < code->size; ++mx) {
            if (!code->dark(mx, y / qr_module_)) continue;
            for (int dx = 0; dx < qr_module_; ++dx) {
                current_.set(x0 + mx * qr_module_ + dx, first_row + y);
            }
        }
    }
}

// ---- Text --------------------------------------------------------------------------------------

FontFace* EscPosEmulator::font() {
    if (font_ || font_failed_) return font_.get();
    auto opened = FontFace::open(options_.font_path, options_.font_index);
    if (opened) {
        font_ = std::move(*opened);
    } else {
        font_failed_ = true;  // said once; text then moves the paper but leaves it blank
        unknown_.push_back("text cannot be drawn: " + opened.error());
    }
    return font_.get();
}

std::vector<EscPosEmulator::TextChar> EscPosEmulator::decode_line() const {
    std::vector<TextChar> chars;
    const std::string_view bytes = line_;
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto lead = static_cast<std::uint8_t>(bytes[i]);
        std::size_t length = 1;
        if (lead >= 0x81 && lead <= 0xFE) {
            if (i + 1 >= bytes.size()) break;  // the rest of the character has not arrived
            const auto second = static_cast<std::uint8_t>(bytes[i + 1]);
            length = (second >= 0x30 && second <= 0x39) ? 4 : 2;
            if (i + length > bytes.size()) break;
        }
        const char32_t cp = lead < 0x80 ? char32_t{lead} : decode_gb18030(bytes.substr(i, length));
        chars.push_back({length, cp});
        i += length;
    }
    return chars;
}

float EscPosEmulator::text_advance(const std::vector<TextChar>& chars, std::size_t count) {
    const int px = kFontDots * height_mul_;
    FontFace* face = font();
    float width = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char32_t cp = chars[i].code_point;
        width += face ? face->advance(cp, px) : static_cast<float>(cp < 0x80 ? px / 2 : px);
    }
    return width * static_cast<float>(width_mul_) / static_cast<float>(height_mul_);
}

void EscPosEmulator::add_text_byte(std::uint8_t byte) {
    if (!can_print()) return;  // an offline printer drops what it cannot print
    line_.push_back(static_cast<char>(byte));
    const auto chars = decode_line();
    std::size_t complete = 0;
    for (const auto& c : chars) complete += c.bytes;
    if (complete != line_.size() || chars.size() < 2) return;
    if (text_advance(chars, chars.size()) <= static_cast<float>(options_.width_dots)) return;
    // The newest character no longer fits: the printer prints the line and starts the next
    // one with it.
    const std::size_t keep = chars.back().bytes;
    print_text_chars(chars, chars.size() - 1, line_spacing_);
    line_.erase(0, line_.size() - keep);
}

bool EscPosEmulator::print_text_line(int min_advance) {
    if (line_.empty()) return false;
    const auto chars = decode_line();  // a character cut short by the line end is dropped
    print_text_chars(chars, chars.size(), min_advance);
    line_.clear();
    return true;
}

void EscPosEmulator::print_text_chars(const std::vector<TextChar>& chars, std::size_t count,
                                      int min_advance) {
    const int px = kFontDots * height_mul_;
    int first_row = 0;
    const int moved = take_paper(std::max(min_advance, px), first_row);
    FontFace* face = font();
    if (moved == 0 || face == nullptr || count == 0) return;

    std::string utf8;
    for (std::size_t i = 0; i < count; ++i) base::utf8::append(utf8, chars[i].code_point);
    const float natural = text_advance(chars, count) * static_cast<float>(height_mul_) /
                          static_cast<float>(width_mul_);
    // Room to the right for glyphs that overhang their advance.
    GrayCanvas canvas(static_cast<int>(std::ceil(natural)) + px, px);
    face->draw(canvas, 0, 0, utf8, px);
    Bitmap glyphs = canvas.threshold();
    if (bold_) {  // the printer's emphasis burns each dot twice, one dot apart
        Bitmap wider(glyphs.width() + 1, glyphs.height());
        wider.blit(glyphs, 0, 0);
        wider.blit(glyphs, 1, 0);
        glyphs = std::move(wider);
    }
    // Width and height multiply independently, so a wider-than-tall size stretches the glyphs
    // sideways the way the printer doubles dots.
    const double stretch = static_cast<double>(width_mul_) / height_mul_;
    const int line_width = static_cast<int>(std::lround(static_cast<double>(natural) * stretch));
    const int x0 = aligned_x(line_width);
    const int stretched = static_cast<int>(std::ceil(glyphs.width() * stretch));
    for (int y = 0; y < std::min(px, moved); ++y) {
        for (int x = 0; x < stretched && x0 + x < options_.width_dots; ++x) {
            if (glyphs.get(static_cast<int>(x / stretch), y)) current_.set(x0 + x, first_row + y);
        }
    }
}

}  // namespace printer::emulator
