// GB18030, the encoding Chinese printers and many QR codes use: conversion to and from UTF-8.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace base {

// Every Unicode character has a GB18030 form; printers' built-in fonts cover only the one- and
// two-byte part (GBK). With `printable_only`, characters whose GB18030 form takes four bytes are
// replaced: ¥ by ￥, others by '?'; `replaced` counts them.
std::expected<std::string, std::string> utf8_to_gb18030(std::string_view utf8,
                                                        bool printable_only = false,
                                                        int* replaced = nullptr);
std::expected<std::string, std::string> gb18030_to_utf8(std::string_view gb);

}  // namespace base
