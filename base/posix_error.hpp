// errno in words: the text of an error number, and the usual "what: text" of a failed call.
#pragma once

#include <string>
#include <string_view>

namespace base {

// strerror's text for `err` ("No such file or directory"), safe from any thread.
std::string errno_text(int err);

// "what: No such file or directory". Pass errno as read right after the failed call: anything
// called in between (even building `what`) may change it.
std::string errno_message(std::string_view what, int err);

}  // namespace base
