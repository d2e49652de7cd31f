// Text between character sets through glibc's iconv: GB18030 for printers, and the Shift_JIS,
// ISO-8859 and other sets a scanned code may be written in. One converter can be kept and reused,
// since opening one costs far more than converting a short text.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace base {

class Converter {
  public:
    // `from` and `to` are iconv names: "UTF-8", "GB18030", "CP932", "ISO-8859-1"...
    static std::expected<Converter, std::string> open(const char* from, const char* to);
    ~Converter();
    Converter(Converter&& other) noexcept;
    Converter& operator=(Converter&& other) noexcept;
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;

    // All of `in`, or an error naming the byte where it stops being valid in the source set or
    // has no form in the target set. Nothing is skipped or replaced.
    std::expected<std::string, std::string> operator()(std::string_view in);

  private:
    Converter(void* cd, const char* from) : cd_(cd), from_(from) {}
    void* cd_ = nullptr;  // an iconv_t
    std::string from_;
};

// One text, once: Converter::open(from, to), then the conversion.
std::expected<std::string, std::string> convert(std::string_view in, const char* from,
                                                const char* to);

}  // namespace base
