// Tests scanner/code_reader: QR codes read back as UTF-8 whatever charset they were made with,
// bad bytes never crash or leak invalid UTF-8, and nothing is read where there is no code.
#include <doctest/doctest.h>
#include <qrencode.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/gb18030.hpp"
#include "base/utf8.hpp"
#include "printer/qr_code.hpp"
#include "scanner/code_reader.hpp"

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

// Straight through libqrencode's 8-bit mode with no ECI segment: the bytes as they are, which is
// how most Chinese codes made by other tools carry GB18030.
GrayImage render_bytes(std::string_view bytes, int module_px = 4) {
    QRcode* qr =
        QRcode_encodeData(static_cast<int>(bytes.size()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), 0, QR_ECLEVEL_M);
    REQUIRE(qr != nullptr);
    std::vector<std::uint8_t> modules(static_cast<std::size_t>(qr->width * qr->width));
    for (std::size_t i = 0; i < modules.size(); ++i) modules[i] = qr->data[i] & 1;
    const int size = qr->width;
    QRcode_free(qr);
    return render(modules, size, module_px);
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
