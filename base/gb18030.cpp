// GB18030 conversion with iconv.
#include "base/gb18030.hpp"

#include "base/charset.hpp"
#include "base/utf8.hpp"

namespace base {

std::expected<std::string, std::string> utf8_to_gb18030(std::string_view utf8, bool printable_only,
                                                        int* replaced) {
    if (!utf8::is_valid(utf8)) return std::unexpected("not valid UTF-8");
    if (!printable_only) return convert(utf8, "UTF-8", "GB18030");
    auto to_gb = Converter::open("UTF-8", "GB18030");
    if (!to_gb) return std::unexpected(to_gb.error());
    std::string out;
    int count = 0;
    // One character at a time, to see which ones need four bytes.
    for (const char32_t cp : utf8::decode(utf8)) {
        const auto gb = (*to_gb)(utf8::encode(cp));
        if (!gb || gb->size() == 4) {
            ++count;
            out += cp == U'\u00A5' ? "\xA3\xA4" : "?";  // ￥, the full-width yen printers have
        } else {
            out += *gb;
        }
    }
    if (replaced) *replaced = count;
    return out;
}

std::expected<std::string, std::string> gb18030_to_utf8(std::string_view gb) {
    return convert(gb, "GB18030", "UTF-8");
}

}  // namespace base
