// Reading codes from frames with ZXing-cpp.
#include "scanner/code_reader.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>

#include "base/gb18030.hpp"
#include "base/utf8.hpp"

namespace scanner {

std::string payload_text(std::span<const std::uint8_t> bytes) {
    const std::string_view raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (base::utf8::is_valid(raw)) return std::string(raw);
    if (auto gb = base::gb18030_to_utf8(raw)) return *gb;
    std::string out;
    for (const char32_t cp : base::utf8::decode(raw)) base::utf8::append(out, cp);
    return out;
}

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
        const auto& bytes = r.bytes();
        out.push_back(
            {payload_text(std::span(bytes.data(), bytes.size())), ZXing::ToString(r.format())});
    }
    return out;
}

}  // namespace scanner
