// GB18030 conversion with iconv.
#include "base/gb18030.hpp"

#include <iconv.h>

#include <cerrno>

#include "base/posix_error.hpp"
#include "base/utf8.hpp"

namespace base {
namespace {

std::expected<std::string, std::string> convert(const char* to, const char* from,
                                                std::string_view in) {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1))
        return std::unexpected(std::string("iconv cannot convert ") + from + " to " + to);
    std::string out(in.size() * 4 + 16, '\0');
    char* src =
        const_cast<char*>(in.data());  // iconv's API is not const-correct; it does not write
    std::size_t src_left = in.size();
    char* dst = out.data();
    std::size_t dst_left = out.size();
    const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    const int err = errno;
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) {
        return std::unexpected(errno_message(
            std::string("not valid ") + from + " at byte " + std::to_string(in.size() - src_left),
            err));
    }
    out.resize(out.size() - dst_left);
    return out;
}

}  // namespace

std::expected<std::string, std::string> utf8_to_gb18030(std::string_view utf8, bool printable_only,
                                                        int* replaced) {
    if (!utf8::is_valid(utf8)) return std::unexpected("not valid UTF-8");
    if (!printable_only) return convert("GB18030", "UTF-8", utf8);
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1))
        return std::unexpected("iconv cannot convert UTF-8 to GB18030");
    std::string out;
    int count = 0;
    // One character at a time, to see which ones need four bytes.
    for (const char32_t cp : utf8::decode(utf8)) {
        std::string in = utf8::encode(cp);
        char buf[8];
        char* src = in.data();
        std::size_t src_left = in.size();
        char* dst = buf;
        std::size_t dst_left = sizeof buf;
        const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
        const std::size_t n = sizeof buf - dst_left;
        if (rc == static_cast<std::size_t>(-1) || n == 4) {
            ++count;
            out += cp == U'\u00A5' ? "\xA3\xA4" : "?";  // ￥, the full-width yen printers have
        } else {
            out.append(buf, n);
        }
    }
    iconv_close(cd);
    if (replaced) *replaced = count;
    return out;
}

std::expected<std::string, std::string> gb18030_to_utf8(std::string_view gb) {
    return convert("UTF-8", "GB18030", gb);
}

}  // namespace base
