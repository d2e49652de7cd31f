// Reading a code's bytes as text: declared character sets, else the likeliest reading.
#include "scanner/payload_text.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "base/charset.hpp"
#include "base/gb18030.hpp"
#include "base/utf8.hpp"

namespace scanner {
namespace {

constexpr char32_t kFirstIdeograph = 0x4E00, kLastIdeograph = 0x9FFF;

// For each CJK unified ideograph of the BMP: 2 when it is among the common characters of either
// national set (GB 2312 level 1, JIS X 0208 level 1), 1 when it is in one of them at level 2,
// 0 otherwise. Built once from iconv's own tables rather than copied here.
const std::vector<std::uint8_t>& ideograph_ranks() {
    static const std::vector<std::uint8_t> ranks = [] {
        std::vector<std::uint8_t> r(kLastIdeograph - kFirstIdeograph + 1, 0);
        // EUC forms: the lead byte is 0xA0 + the row. GB 2312 level 1 is rows 16-55, level 2
        // 56-87; JIS X 0208 level 1 rows 16-47, level 2 48-84.
        auto mark = [&r](const char* charset, int first_lead, int last_level1_lead, int last_lead) {
            auto to_utf8 = base::Converter::open(charset, "UTF-8");
            if (!to_utf8) return;  // no such gconv module: the ranks stay neutral
            for (int lead = first_lead; lead <= last_lead; ++lead) {
                for (int trail = 0xA1; trail <= 0xFE; ++trail) {
                    const char bytes[2] = {static_cast<char>(lead), static_cast<char>(trail)};
                    const auto text = (*to_utf8)(std::string_view(bytes, 2));
                    if (!text) continue;  // a gap in the set
                    const auto cp = base::utf8::decode_one(*text);
                    if (!cp || cp->code_point < kFirstIdeograph || cp->code_point > kLastIdeograph)
                        continue;
                    auto& rank = r[cp->code_point - kFirstIdeograph];
                    rank = std::max<std::uint8_t>(rank, lead <= last_level1_lead ? 2 : 1);
                }
            }
        };
        mark("GB2312", 0xB0, 0xD7, 0xF7);
        mark("EUC-JP", 0xB0, 0xCF, 0xF4);
        return r;
    }();
    return ranks;
}

int character_score(char32_t cp) {
    if (cp == U'\t' || cp == U'\n' || cp == U'\r') return 0;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return -2;  // control characters
    if (cp < 0x7F) return 0;                                // ASCII reads the same every way
    if (cp == 0xFFFD) return -4;                            // bytes that were not text at all
    if (cp >= kFirstIdeograph && cp <= kLastIdeograph) {
        const int rank = ideograph_ranks()[cp - kFirstIdeograph];
        return rank == 0 ? -1 : rank;
    }
    // Kana: Japanese for sure, where GBK bytes read as Shift_JIS never give them. Above a common
    // ideograph, as a short katakana word's bytes can be two of those in GBK (ケア, 働傾).
    if ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC) return 3;
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E))
        return 1;  // CJK punctuation, full-width forms
    // Half-width katakana are what GB18030 bytes mostly become when read as Shift_JIS.
    if (cp >= 0xFF61 && cp <= 0xFF9F) return -1;
    if (cp >= 0xE000 && cp <= 0xF8FF) return -3;  // private use: a vendor's own, or a misreading
    if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp >= 0x20000)
        return -1;  // rare ideographs: extension A, compatibility forms, the supplementary planes
    return 0;
}

// An ECI's character set as iconv names it (the AIM register); nullptr for binary (899) and for
// numbers with no text set.
const char* eci_charset(int eci) {
    switch (eci) {
        case 0:
        case 2:
            return "CP437";
        case 1:
        case 3:
            return "ISO-8859-1";
        case 4:
            return "ISO-8859-2";
        case 5:
            return "ISO-8859-3";
        case 6:
            return "ISO-8859-4";
        case 7:
            return "ISO-8859-5";
        case 8:
            return "ISO-8859-6";
        case 9:
            return "ISO-8859-7";
        case 10:
            return "ISO-8859-8";
        case 11:
            return "ISO-8859-9";
        case 12:
            return "ISO-8859-10";
        case 13:
            return "ISO-8859-11";
        case 15:
            return "ISO-8859-13";
        case 16:
            return "ISO-8859-14";
        case 17:
            return "ISO-8859-15";
        case 18:
            return "ISO-8859-16";
        case 20:
            return "CP932";  // Shift_JIS as encoders write it: 0x5C is a backslash, not a yen
        case 21:
            return "CP1250";
        case 22:
            return "CP1251";
        case 23:
            return "CP1252";
        case 24:
            return "CP1256";
        case 25:
            return "UTF-16BE";
        case 26:
            return "UTF-8";
        case 27:
        case 170:
            return "ASCII";
        case 28:
            return "BIG5";
        case 29:  // GB 2312 in the first register, GB18030 since: its superset reads both
        case 31:  // GBK
        case 32:  // GB18030
            return "GB18030";
        case 30:
            return "EUC-KR";
        case 33:
            return "UTF-16LE";
        case 34:
            return "UTF-32BE";
        case 35:
            return "UTF-32LE";
        default:
            return nullptr;
    }
}

std::string part_text(int eci, std::string_view bytes) {
    const auto as_bytes =
        std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    const char* charset = eci_charset(eci);
    if (!charset) return payload_text(as_bytes);
    if (std::string_view(charset) == "UTF-8") {
        return base::utf8::is_valid(bytes) ? std::string(bytes) : payload_text(as_bytes);
    }
    auto text = base::convert(bytes, charset, "UTF-8");
    // Bytes the declared set cannot hold: the code's maker got the declaration wrong.
    return text ? std::move(*text) : payload_text(as_bytes);
}

}  // namespace

int plausibility(std::string_view utf8) {
    int score = 0;
    for (const char32_t cp : base::utf8::decode(utf8)) score += character_score(cp);
    return score;
}

std::string payload_text(std::span<const std::uint8_t> bytes, std::string_view decoder_reading) {
    const std::string_view raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (base::utf8::is_valid(raw)) return std::string(raw);
    std::optional<std::string> best;
    int best_score = 0;
    // The first of equals wins: GB18030 first, as this kiosk's codes are Chinese.
    auto consider = [&](std::string text) {
        const int score = plausibility(text);
        if (!best || score > best_score) {
            best = std::move(text);
            best_score = score;
        }
    };
    if (auto gb = base::gb18030_to_utf8(raw)) consider(std::move(*gb));
    if (!decoder_reading.empty() && base::utf8::is_valid(decoder_reading))
        consider(std::string(decoder_reading));
    if (auto sjis = base::convert(raw, "CP932", "UTF-8")) consider(std::move(*sjis));
    std::string replaced;
    for (const char32_t cp : base::utf8::decode(raw)) base::utf8::append(replaced, cp);
    consider(std::move(replaced));
    return std::move(*best);
}

std::string eci_payload_text(std::string_view content) {
    std::string out, part;
    int eci = -1;  // before any designator: undeclared
    auto flush = [&] {
        if (!part.empty()) out += part_text(eci, part);
        part.clear();
    };
    for (std::size_t i = 0; i < content.size();) {
        if (content[i] == '\\' && i + 1 < content.size() && content[i + 1] == '\\') {
            part += '\\';
            i += 2;
            continue;
        }
        if (content[i] == '\\' && i + 7 <= content.size() &&
            std::all_of(content.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                        content.begin() + static_cast<std::ptrdiff_t>(i) + 7,
                        [](char c) { return c >= '0' && c <= '9'; })) {
            flush();
            eci = std::stoi(std::string(content.substr(i + 1, 6)));
            i += 7;
            continue;
        }
        part += content[i++];  // a lone backslash (malformed) is kept as it is
    }
    flush();
    return out;
}

}  // namespace scanner
