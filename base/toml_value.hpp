// One TOML value as text, written by toml++, for the files and listings programs write that must
// read back to the same value (kioskctl config show, the settings the staff change).
#pragma once

#include <sstream>
#include <string>

#include <toml++/toml.h>

namespace base {

// Quotes, backslashes, line breaks and other control characters escaped: a plain "..." string
// on one line, Chinese as it is. For std::string, bool, std::int64_t and double.
template <class T>
std::string toml_value(const T& value) {
    std::ostringstream out;
    const toml::value<T> node(value);
    out << toml::toml_formatter(node, toml::format_flags::allow_unicode_strings);
    return out.str();
}

}  // namespace base
