// Reading codes from frames with ZXing-cpp.
#include "scanner/code_reader.hpp"

// Result::text() as UTF-8: ZXing's own reading of a code, one of the readings payload_text weighs.
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <span>
#include <string_view>

#include "scanner/payload_text.hpp"

namespace scanner {
namespace {

// A code that declares its character set (ECI) is read in it, part by part; one that does not is
// read as its bytes suggest, ZXing's own reading (which knows the QR Kanji and Hanzi modes) among
// the candidates.
std::string code_text(const ZXing::Result& r) {
    if (r.hasECI()) {
        const auto eci = r.bytesECI();
        std::string_view content(reinterpret_cast<const char*>(eci.data()), eci.size());
        // The content starts with the symbology identifier ("]Q2") where the format has one.
        if (!r.symbologyIdentifier().empty() && content.size() >= 3 && content[0] == ']')
            content.remove_prefix(3);
        return eci_payload_text(content);
    }
    const auto& bytes = r.bytes();
    return payload_text(std::span(bytes.data(), bytes.size()), r.text());
}

}  // namespace

std::vector<ScannedCode> read_codes(const GrayImage& image, const ReadOptions& options) {
    std::vector<ScannedCode> out;
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() <
            static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height)) {
        return out;
    }
    ZXing::DecodeHints hints;
    hints.setTryHarder(options.try_harder);
    hints.setTryRotate(options.try_rotate);
    hints.setMaxNumberOfSymbols(static_cast<std::uint8_t>(options.max_codes));
    hints.setFormats(ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::Code128 |
                     ZXing::BarcodeFormat::Code39 | ZXing::BarcodeFormat::EAN13 |
                     ZXing::BarcodeFormat::EAN8 | ZXing::BarcodeFormat::ITF |
                     ZXing::BarcodeFormat::PDF417 | ZXing::BarcodeFormat::DataMatrix);
    // A dim or washed-out frame (under ~24 grey levels of contrast) looks flat to ZXing: stretch
    // it to the full range first, as a person would turn up the brightness.
    const auto [lo, hi] = std::minmax_element(image.pixels.begin(), image.pixels.end());
    std::vector<std::uint8_t> stretched;
    const std::uint8_t* pixels = image.pixels.data();
    if (*hi > *lo && *hi - *lo < 64) {
        const int low = *lo, range = *hi - *lo;
        stretched.resize(image.pixels.size());
        for (std::size_t i = 0; i < stretched.size(); ++i) {
            stretched[i] = static_cast<std::uint8_t>((image.pixels[i] - low) * 255 / range);
        }
        pixels = stretched.data();
    }
    const ZXing::ImageView view(pixels, image.width, image.height, ZXing::ImageFormat::Lum);
    for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
        if (!r.isValid()) continue;
        out.push_back({code_text(r), ZXing::ToString(r.format())});
    }
    return out;
}

}  // namespace scanner
