// Tests scanner/code_reader and scanner/payload_text: QR codes read back as UTF-8 whatever charset
// they were made with, declared (ECI) or not, bad bytes never crash or leak invalid UTF-8, and
// nothing is read where there is no code.
#include <doctest/doctest.h>
#include <qrencode.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/charset.hpp"
#include "base/gb18030.hpp"
#include "base/utf8.hpp"
#include "printer/qr_code.hpp"
#include "scanner/code_reader.hpp"
#include "scanner/payload_text.hpp"

using scanner::GrayImage;

namespace {

// A code as printed: `module_px` pixels a module, a 4-module white quiet zone.
GrayImage render(const std::vector<std::uint8_t>& modules, int size, int module_px) {
    const int quiet = 4 * module_px;
    GrayImage img;
    img.width = img.height = size * module_px + 2 * quiet;
    img.pixels.assign(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height),
                      255);
    for (int y = 0; y < img.height - 2 * quiet; ++y) {
        for (int x = 0; x < img.width - 2 * quiet; ++x) {
            const auto m = static_cast<std::size_t>((y / module_px) * size + x / module_px);
            if (modules[m]) {
                img.pixels[static_cast<std::size_t>((y + quiet) * img.width + x + quiet)] = 0;
            }
        }
    }
    return img;
}

GrayImage render_text(std::string_view text, int module_px = 4) {
    auto qr = printer::encode_qr(text);
    REQUIRE(qr);
    return render(qr->modules, qr->size, module_px);
}

// Parts each with an ECI designator before it (a negative number: none), in 8-bit mode unless
// `kanji`: how encoders that declare their character set write a code.
struct Part {
    int eci;
    std::string bytes;
    bool kanji = false;
};
GrayImage render_parts(const std::vector<Part>& parts, int module_px = 4) {
    QRinput* input = QRinput_new2(0, QR_ECLEVEL_M);
    REQUIRE(input != nullptr);
    for (const auto& p : parts) {
        if (p.eci >= 0) REQUIRE(QRinput_appendECIheader(input, static_cast<unsigned>(p.eci)) == 0);
        REQUIRE(QRinput_append(input, p.kanji ? QR_MODE_KANJI : QR_MODE_8,
                               static_cast<int>(p.bytes.size()),
                               reinterpret_cast<const unsigned char*>(p.bytes.data())) == 0);
    }
    QRcode* qr = QRcode_encodeInput(input);
    QRinput_free(input);
    REQUIRE(qr != nullptr);
    std::vector<std::uint8_t> modules(static_cast<std::size_t>(qr->width * qr->width));
    for (std::size_t i = 0; i < modules.size(); ++i) modules[i] = qr->data[i] & 1;
    const int size = qr->width;
    QRcode_free(qr);
    return render(modules, size, module_px);
}

// Straight through libqrencode's 8-bit mode with no ECI segment: the bytes as they are, which is
// how most Chinese codes made by other tools carry GB18030.
GrayImage render_bytes(std::string_view bytes, int module_px = 4) {
    return render_parts({{-1, std::string(bytes)}}, module_px);
}

// UTF-8 text in another character set, for making codes.
std::string in_charset(std::string_view utf8, const char* charset) {
    auto bytes = base::convert(utf8, "UTF-8", charset);
    REQUIRE(bytes);
    return *bytes;
}

void blit(GrayImage& dst, const GrayImage& src, int x0, int y0) {
    for (int y = 0; y < src.height; ++y) {
        for (int x = 0; x < src.width; ++x) {
            dst.pixels[static_cast<std::size_t>((y0 + y) * dst.width + x0 + x)] =
                src.pixels[static_cast<std::size_t>(y * src.width + x)];
        }
    }
}

GrayImage filled(int w, int h, std::uint8_t value) {
    return {w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w * h), value)};
}

// A box blur of the given radius, horizontally then vertically: a lens far out of focus.
GrayImage box_blur(const GrayImage& in, int r) {
    auto pass = [r](const GrayImage& src, bool horizontal) {
        GrayImage out = src;
        for (int y = 0; y < src.height; ++y) {
            for (int x = 0; x < src.width; ++x) {
                int sum = 0, n = 0;
                for (int d = -r; d <= r; ++d) {
                    const int sx = horizontal ? x + d : x, sy = horizontal ? y : y + d;
                    if (sx < 0 || sy < 0 || sx >= src.width || sy >= src.height) continue;
                    sum += src.pixels[static_cast<std::size_t>(sy * src.width + sx)];
                    ++n;
                }
                out.pixels[static_cast<std::size_t>(y * src.width + x)] =
                    static_cast<std::uint8_t>(sum / n);
            }
        }
        return out;
    };
    return pass(pass(in, true), false);
}

std::vector<std::string> texts(const GrayImage& img) {
    std::vector<std::string> out;
    for (const auto& c : scanner::read_codes(img)) out.push_back(c.text);
    return out;
}

}  // namespace

TEST_CASE("a UTF-8 Chinese QR code reads back as the same text") {
    const auto codes = scanner::read_codes(render_text("低保明白纸"));
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].text == "低保明白纸");
    CHECK(codes[0].format == "QRCode");
}

TEST_CASE("a GB18030 QR code without ECI reads back as UTF-8") {
    const auto gb = base::utf8_to_gb18030("临时救助");
    REQUIRE(gb);
    REQUIRE(gb->size() == 8);                  // two bytes a character
    REQUIRE_FALSE(base::utf8::is_valid(*gb));  // else the test would prove nothing
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(gb->data()), gb->size());
    CHECK(scanner::payload_text(bytes) == "临时救助");
    CHECK(texts(render_bytes(*gb)) == std::vector<std::string>{"临时救助"});
}

TEST_CASE("payload bytes that are neither UTF-8 nor GB18030 become valid UTF-8") {
    const std::vector<std::string> cases = {
        std::string("\xff"),          std::string("\x80"),
        std::string("\xc3"),          std::string("\xed\xa0\x80"),  // a UTF-16 surrogate
        std::string("\x81"),          std::string("\x81\x30\x81"),  // cut-off GB18030
        std::string("\0\xff\xfe", 3), std::string("abc\xf5\x80\x80\x80"),
    };
    for (const auto& raw : cases) {
        const auto text = scanner::payload_text(
            std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
        CHECK(base::utf8::is_valid(text));
    }
    std::mt19937 rng(20261122);
    for (int i = 0; i < 2000; ++i) {
        std::vector<std::uint8_t> bytes(rng() % 64);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
        const auto text = scanner::payload_text(bytes);
        REQUIRE(base::utf8::is_valid(text));
    }
    // The same through a real code: binary bytes in, one code with valid UTF-8 out.
    const std::string binary("\x00\xff\x81\x30\xfe\x80\xc0\xaf\x01\xed\xa0\x80", 12);
    const auto codes = scanner::read_codes(render_bytes(binary));
    REQUIRE(codes.size() == 1);
    CHECK(base::utf8::is_valid(codes[0].text));
    CHECK_FALSE(codes[0].text.empty());
}

TEST_CASE("blank, noisy, blurred and half-covered images give no codes") {
    CHECK(texts(filled(640, 480, 255)).empty());
    CHECK(texts(filled(640, 480, 0)).empty());
    CHECK(texts(GrayImage{}).empty());
    CHECK(texts(GrayImage{640, 480, {}}).empty());  // pixels missing: refused, not read past
    CHECK(texts(GrayImage{-5, 10, std::vector<std::uint8_t>(50, 0)}).empty());

    GrayImage noise = filled(640, 480, 0);
    std::mt19937 rng(7);
    for (auto& p : noise.pixels) p = static_cast<std::uint8_t>(rng());
    CHECK(texts(noise).empty());

    const auto code = render_text("https://mz.example.gov.cn/mingbai/dibao");
    REQUIRE(texts(code).size() == 1);  // readable before it is spoiled
    CHECK(texts(box_blur(code, 8)).empty());
    GrayImage half = code;
    std::fill(half.pixels.begin() + static_cast<std::ptrdiff_t>(half.pixels.size() / 2),
              half.pixels.end(), std::uint8_t{255});
    CHECK(texts(half).empty());
}

TEST_CASE("a small code in a 3840x2160 frame is found") {
    GrayImage frame = filled(3840, 2160, 200);
    const auto code = render_text("MINGBAI:REQ:A-20261122-0007", 3);
    REQUIRE(code.width < 200);
    blit(frame, code, 2900, 1500);
    CHECK(texts(frame) == std::vector<std::string>{"MINGBAI:REQ:A-20261122-0007"});
}

TEST_CASE("a code that declares its character set (ECI) is read in that set") {
    auto read = [](const std::vector<Part>& parts) { return texts(render_parts(parts)); };
    using Texts = std::vector<std::string>;
    // UTF-8 declared: a backslash in the text stays one backslash.
    CHECK(read({{26, "低保明白纸 C:\\救助"}}) == Texts{"低保明白纸 C:\\救助"});
    // Shift_JIS declared: its bytes are valid GB18030 too, and read so they are nonsense.
    CHECK(read({{20, in_charset("テスト 2026年", "CP932")}}) == Texts{"テスト 2026年"});
    // ISO-8859-1 declared: neither UTF-8 nor GB18030.
    CHECK(read({{3, in_charset("Café Zürich", "ISO-8859-1")}}) == Texts{"Café Zürich"});
    // GB 2312 / GB18030 by the old number and by the number of the current register (which
    // ZXing-cpp 1.4 does not know).
    CHECK(read({{29, in_charset("临时救助", "GB18030")}}) == Texts{"临时救助"});
    CHECK(read({{32, in_charset("临时救助 €", "GB18030")}}) == Texts{"临时救助 €"});
    // Big5 declared: traditional characters, which read as GBK would be other characters.
    CHECK(read({{28, in_charset("社會救助", "BIG5")}}) == Texts{"社會救助"});
    // Sets switched inside one code.
    CHECK(read({{3, in_charset("Größe: ", "ISO-8859-1")}, {20, in_charset("大きい", "CP932")}}) ==
          Texts{"Größe: 大きい"});
}

TEST_CASE("a code without ECI reads as GB18030 or Shift_JIS, whichever reads like text") {
    using Texts = std::vector<std::string>;
    for (const std::string text : {"最低生活保障，申请条件", "临时救助",
                                   "申请人：王喆，电话：12345", "特困人员救助供养 第3条"}) {
        CAPTURE(text);
        CHECK(texts(render_bytes(in_charset(text, "GB18030"))) == Texts{text});
    }
    for (const std::string text :
         {"こんにちは、東京都", "テスト", "申請書を提出してください", "生活保護の申請（2026年）"}) {
        CAPTURE(text);
        CHECK(texts(render_bytes(in_charset(text, "CP932"))) == Texts{text});
    }
    // Kanji mode: ZXing knows these bytes are Shift_JIS; that knowledge is kept.
    CHECK(texts(render_parts({{-1, in_charset("東京都", "CP932"), true}})) == Texts{"東京都"});
    // The same choice for bytes from a serial scanner, which come with no reading of their own.
    const auto sjis = in_charset("お問い合わせ", "CP932");
    CHECK(scanner::payload_text(std::span(reinterpret_cast<const std::uint8_t*>(sjis.data()),
                                          sjis.size())) == "お問い合わせ");
}
