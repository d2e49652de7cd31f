// A scanned code's bytes as text. A code may declare its character set (an ECI); most Chinese
// codes do not and carry GB18030, Japanese ones Shift_JIS, newer ones UTF-8. Declared sets are
// honoured; otherwise valid UTF-8 stays UTF-8, and GB18030, Shift_JIS and the decoder's own reading
// compete on which reads like real text. The result is always valid UTF-8.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace scanner {

// Bytes with no declared character set (a serial scanner's, or a code without ECI): UTF-8 if
// valid; else the most plausible clean reading among GB18030, Shift_JIS (CP932) and
// `decoder_reading` (the barcode decoder's own guess, which knows its Kanji and Hanzi modes),
// GB18030 on a tie; else the bytes with U+FFFD for what is not UTF-8.
std::string payload_text(std::span<const std::uint8_t> bytes,
                         std::string_view decoder_reading = {});

// Content in the ECI protocol (AIM ITS/04-023, as ZXing's bytesECI gives it after the symbology
// identifier): "\NNNNNN" switches the character set, "\\" is one backslash. Each part is read in
// its declared set; a part whose set is unknown, binary (899) or whose bytes are not valid in it is
// read as undeclared bytes.
std::string eci_payload_text(std::string_view eci_content);

// How much `utf8` reads like real text, the higher the likelier: common Chinese and Japanese
// characters and kana count for, rare ideographs, half-width katakana, private-use characters,
// control characters and U+FFFD against; ASCII is neutral.
int plausibility(std::string_view utf8);

}  // namespace scanner
