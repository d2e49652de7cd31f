// The county's address, judged once for the config check and the HTTP client alike: read by
// libcurl's own URL parser (the one that will fetch it), so that what is called "this machine"
// is the host the request really goes to, and a user name or password in it is caught and never
// repeated in a message.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace net {

struct CountyUrlProblem {
    // malformed: libcurl cannot read it. scheme: neither https nor http. plain_http: http to
    // another machine. user_info: a user name or password in the address.
    enum Kind { malformed, scheme, plain_http, user_info };
    Kind kind = malformed;
    std::string host;      // as libcurl reads it; "" when malformed
    std::string expected;  // what would do, for "KEY: expected …" messages
};

// https to anywhere, plain http only to this machine (for the reference server), never user
// info: the token goes in its own header. `allow_plain_http` lifts only the http rule.
std::expected<void, CountyUrlProblem> check_county_url(std::string_view url,
                                                       bool allow_plain_http = false);

// A host as libcurl gives it: an IPv4 literal in 127.0.0.0/8, the IPv6 literal ::1 (with or
// without its brackets), or "localhost". A name that merely starts like one
// ("127.example.org", "localhost.evil.example") is somebody else's machine.
bool is_loopback_host(std::string_view host);

// Whether `text` holds a control character (a line break, a tab, a NUL): nothing that goes into
// the address or an HTTP header may, or one header could end and another begin.
bool has_control_character(std::string_view text);

// `url` with whatever stands before an "@" in it replaced by "***", for logs and messages:
// "https://kiosk:pw@county.example.cn/x" → "https://***@county.example.cn/x". It reads the text
// itself, not libcurl, so that even an address libcurl refuses is shown without its secret.
std::string redact_url(std::string_view url);

}  // namespace net
