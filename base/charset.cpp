// Character set conversion with iconv.
#include "base/charset.hpp"

#include <iconv.h>

#include <cerrno>
#include <utility>

#include "base/posix_error.hpp"

namespace base {

std::expected<Converter, std::string> Converter::open(const char* from, const char* to) {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1))
        return std::unexpected(std::string("iconv cannot convert ") + from + " to " + to);
    return Converter(cd, from);
}

Converter::~Converter() {
    if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

Converter::Converter(Converter&& other) noexcept
    : cd_(std::exchange(other.cd_, nullptr)), from_(std::move(other.from_)) {}

Converter& Converter::operator=(Converter&& other) noexcept {
    if (this != &other) {
        if (cd_) iconv_close(static_cast<iconv_t>(cd_));
        cd_ = std::exchange(other.cd_, nullptr);
        from_ = std::move(other.from_);
    }
    return *this;
}

std::expected<std::string, std::string> Converter::operator()(std::string_view in) {
    auto* cd = static_cast<iconv_t>(cd_);
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // a stateful set starts each text afresh
    // Four bytes out for each byte in covers every pair of sets iconv knows (UTF-16 from one-byte
    // sets doubles, UTF-8 from GB18030 at most 3:2).
    std::string out(in.size() * 4 + 16, '\0');
    // iconv's API is not const-correct; it does not write to the input.
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    char* dst = out.data();
    std::size_t dst_left = out.size();
    std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    // A stateful target (ISO-2022) ends with the bytes that return it to its initial state.
    if (rc != static_cast<std::size_t>(-1)) rc = iconv(cd, nullptr, nullptr, &dst, &dst_left);
    const int err = errno;
    if (rc == static_cast<std::size_t>(-1)) {
        return std::unexpected(errno_message(
            "not valid " + from_ + " at byte " + std::to_string(in.size() - src_left), err));
    }
    out.resize(out.size() - dst_left);
    return out;
}

std::expected<std::string, std::string> convert(std::string_view in, const char* from,
                                                const char* to) {
    auto converter = Converter::open(from, to);
    if (!converter) return std::unexpected(converter.error());
    return (*converter)(in);
}

}  // namespace base
