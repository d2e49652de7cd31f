// The ESC/POS subset this kiosk speaks, byte for byte: the encoder writes it, the emulator reads
// it. Raster: GS v 0. Text: FS & with GB18030, ESC a, GS !. QR: GS ( k. Status: DLE EOT n.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "printer/bitmap.hpp"

namespace printer::escpos {

inline constexpr std::uint8_t kEsc = 0x1B, kGs = 0x1D, kFs = 0x1C, kDle = 0x10, kLf = 0x0A;

// Real-time status request DLE EOT n, n = 1..4. The printer answers one byte each.
enum class StatusKind : std::uint8_t { printer = 1, offline = 2, error = 3, paper = 4 };

// Bits of the answers (Epson's definitions). Every answer has bits 1 and 4 set and bits 0 and 7
// clear; anything else on the line is garbage, not a status.
inline constexpr std::uint8_t kStatusFixedMask = 0x93, kStatusFixedValue = 0x12;
inline constexpr std::uint8_t kPrinterOffline = 0x08;        // n=1 bit 3
inline constexpr std::uint8_t kOfflineCoverOpen = 0x04;      // n=2 bit 2
inline constexpr std::uint8_t kOfflinePaperEnd = 0x20;       // n=2 bit 5: stopped for paper end
inline constexpr std::uint8_t kOfflineError = 0x40;          // n=2 bit 6
inline constexpr std::uint8_t kErrorCutter = 0x08;           // n=3 bit 3
inline constexpr std::uint8_t kErrorUnrecoverable = 0x20;    // n=3 bit 5
inline constexpr std::uint8_t kErrorAutoRecoverable = 0x40;  // n=3 bit 6
inline constexpr std::uint8_t kPaperNearEnd = 0x0C;          // n=4 bits 2,3
inline constexpr std::uint8_t kPaperEnd = 0x60;              // n=4 bits 5,6

// Command builders; each appends to `out`.
void initialize(std::vector<std::uint8_t>& out);  // ESC @
void raster_band(std::vector<std::uint8_t>& out, const Bitmap& bitmap, int y0,
                 int rows);                                // GS v 0 0 xL xH yL yH d…
void feed_dots(std::vector<std::uint8_t>& out, int dots);  // ESC J n (repeated past 255)
void cut(std::vector<std::uint8_t>& out);  // GS V 66 0: feed to the cutter, partial cut
void status_request(std::vector<std::uint8_t>& out, StatusKind kind);  // DLE EOT n
void align(std::vector<std::uint8_t>& out, int where);  // ESC a n: 0 left, 1 centre, 2 right
void char_size(std::vector<std::uint8_t>& out, int width_mul, int height_mul);  // GS ! n, 1..8 each
void kanji_mode(std::vector<std::uint8_t>& out, bool on);                       // FS & / FS .
void line_spacing(std::vector<std::uint8_t>& out, int dots);                    // ESC 3 n
// Native QR (GS ( k): model 2, module size 1..16, error level 'L','M','Q','H'; store, then print.
void qr_native(std::vector<std::uint8_t>& out, std::string_view data, int module, char level);

}  // namespace printer::escpos
