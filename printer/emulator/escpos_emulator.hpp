// The stand-in receipt printer: ESC/POS bytes in, paper (bitmaps) out, status bits settable, so
// the encoder, transports and job logic can be tested without a printer on the desk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "printer/bitmap.hpp"
#include "printer/font_face.hpp"
#include "printer/qr_code.hpp"

namespace printer::emulator {

struct EmulatorOptions {
    int width_dots = 576;  // 80 mm at 203 dpi; 384 for 58 mm; 512 for 180-dpi heads
    int dpi = 203;
    std::optional<double> paper_mm;  // paper left on the roll; nullopt = endless
    double near_end_mm = 0;  // report "paper near end" when less than this is left (0: never)
    bool cover_open = false;
    std::string font_path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    int font_index = 2;  // Noto Sans CJK SC: stands in for the printer's built-in font
};

class EscPosEmulator {
  public:
    explicit EscPosEmulator(EmulatorOptions options = {});

    // Bytes as they arrive; a command may be split across calls (the tail is kept until it is
    // complete). Returns the bytes the printer sends back (status answers), in order.
    std::vector<std::uint8_t> feed(std::span<const std::uint8_t> bytes);

    // Each sheet completed by a cut (GS V), in order, each as long as the paper that moved before
    // its cut (feeds included). A cut with no paper moved since the last one makes no sheet:
    // nothing falls out of a real printer either.
    const std::vector<Bitmap>& sheets() const { return sheets_; }
    // Paper printed since the last cut (not yet cut).
    Bitmap current() const { return current_; }
    // Partial sheets removed at refill.
    const std::vector<Bitmap>& torn_off() const { return torn_off_; }
    // What the emulator could not understand or do, e.g. "byte 1234: 1B 7A (ESC z)".
    const std::vector<std::string>& unknown_commands() const { return unknown_; }

    // Paper used since the last refill.
    double printed_mm() const;
    // nullopt on an endless roll.
    std::optional<double> paper_left_mm() const;
    bool paper_out() const;
    bool paper_near_end() const;
    bool cover_open() const { return options_.cover_open; }
    const EmulatorOptions& options() const { return options_; }
    // Bytes fed since construction, complete commands or not.
    std::size_t bytes_received() const { return base_offset_ + pending_.size(); }

    // Staff put a new roll in: paper left = paper_mm; the partial current sheet, if any, is torn
    // off and moved to torn_off(); printing resumes.
    void refill(std::optional<double> paper_mm);
    void set_cover_open(bool open);

  private:
    enum class Parsed { done, need_more };

    struct TextChar {
        std::size_t bytes;  // GB18030 bytes of this character in the line buffer
        char32_t code_point;
    };

    Parsed parse_one(std::span<const std::uint8_t> in, std::size_t& used,
                     std::vector<std::uint8_t>& answers);
    Parsed parse_esc(std::span<const std::uint8_t> in, std::size_t& used);
    Parsed parse_gs(std::span<const std::uint8_t> in, std::size_t& used);
    Parsed parse_qr(std::span<const std::uint8_t> in, std::size_t& used);
    // Records a command not understood, at the stream offset of the command being parsed.
    void report(std::span<const std::uint8_t> command, const std::string& what);
    std::uint8_t status_byte(std::uint8_t n) const;

    bool can_print() const { return !options_.cover_open && !paper_out(); }
    long roll_dots() const;  // the length of the roll when it went in
    // Moves the paper by up to `dots` (less at the end of the roll, none while it cannot print)
    // and returns how far it moved; the new rows start at `first_row`.
    int take_paper(int dots, int& first_row);
    void initialize();
    void feed_dots(int dots);
    void cut();
    void raster(int mode, int xbytes, int rows, std::span<const std::uint8_t> data);
    void print_qr(std::span<const std::uint8_t> command);
    int aligned_x(int width) const;

    // Text mode: the line buffer holds raw GB18030 bytes until LF, or until it is wider than
    // the paper, when the printer prints what fits and carries the rest over.
    void add_text_byte(std::uint8_t byte);
    std::vector<TextChar> decode_line() const;
    float text_advance(const std::vector<TextChar>& chars, std::size_t count);
    // Prints the line buffer if it holds anything; returns whether it did. The paper then moves
    // by at least `min_advance` dots.
    bool print_text_line(int min_advance);
    void print_text_chars(const std::vector<TextChar>& chars, std::size_t count, int min_advance);
    FontFace* font();

    EmulatorOptions options_;
    std::vector<std::uint8_t> pending_;  // bytes of an incomplete command
    std::size_t base_offset_ = 0;        // stream offset of pending_[0]
    std::size_t command_offset_ = 0;     // stream offset of the command being parsed

    Bitmap current_;
    std::vector<Bitmap> sheets_, torn_off_;
    std::vector<std::string> unknown_;
    long printed_dots_ = 0;  // since the last refill

    // Modes, as ESC @ leaves them.
    int align_ = 0;  // 0 left, 1 centre, 2 right
    int width_mul_ = 1, height_mul_ = 1;
    bool bold_ = false;
    bool kanji_ = false;  // kept as the printer does; text decodes as GB18030 either way
    int line_spacing_ = 30;
    std::string line_;  // GB18030 bytes not yet printed

    int qr_module_ = 3;
    QrErrorLevel qr_level_ = QrErrorLevel::low;
    std::string qr_data_;

    std::unique_ptr<FontFace> font_;
    bool font_failed_ = false;
};

}  // namespace printer::emulator
