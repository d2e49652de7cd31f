// Tests net/county_url: which hosts are this machine, which county addresses pass, and that a
// user name or password never survives into what is shown.
#include <doctest/doctest.h>

#include <string>

#include "net/county_url.hpp"

using net::CountyUrlProblem;

namespace {

// The kind of problem with `url`, or -1 when it passes.
int problem_kind(const std::string& url, bool allow_plain_http = false) {
    const auto r = net::check_county_url(url, allow_plain_http);
    return r ? -1 : r.error().kind;
}

}  // namespace

TEST_CASE("loopback is 127.0.0.0/8, ::1 and localhost, as literals, nothing that looks like them") {
    for (const char* host : {"127.0.0.1", "127.3.4.5", "127.255.255.255", "::1", "[::1]",
                             "[0:0:0:0:0:0:0:1]", "localhost", "LocalHost"}) {
        CAPTURE(host);
        CHECK(net::is_loopback_host(host));
    }
    for (const char* host : {"127.example.org", "127.0.0.1.nip.io", "localhost.evil.example",
                             "evil.localhost.", "128.0.0.1", "10.0.0.1", "::2", "[::ffff:8.8.8.8]",
                             "", "[]", "localhos", "127.0.0.1 ", "0.0.0.0"}) {
        CAPTURE(host);
        CHECK_FALSE(net::is_loopback_host(host));
    }
}

TEST_CASE("a county address: https anywhere, http only to this machine, never user info") {
    for (const char* ok :
         {"https://county.example.cn", "https://127.example.org:8443", "http://127.0.0.1:8080",
          "http://[::1]:8080", "http://localhost:8080", "http://127.3.4.5", "http://127.1:18090"}) {
        CAPTURE(ok);
        CHECK(problem_kind(ok) == -1);
    }
    CHECK(problem_kind("http://127.example.org") == CountyUrlProblem::plain_http);
    CHECK(problem_kind("http://127.0.0.1.nip.io") == CountyUrlProblem::plain_http);
    CHECK(problem_kind("http://127.0.0.1@evil.example") == CountyUrlProblem::plain_http);
    CHECK(problem_kind("http://localhost.evil.example") == CountyUrlProblem::plain_http);
    CHECK(problem_kind("http://county.example.cn", true) == -1);  // only the http rule lifts
    CHECK(problem_kind("https://kiosk:pw@county.example.cn") == CountyUrlProblem::user_info);
    CHECK(problem_kind("https://kiosk@county.example.cn") == CountyUrlProblem::user_info);
    CHECK(problem_kind("https://:pw@county.example.cn") == CountyUrlProblem::user_info);
    CHECK(problem_kind("http://kiosk:pw@127.0.0.1", true) == CountyUrlProblem::user_info);
    CHECK(problem_kind("ftp://county.example.cn") == CountyUrlProblem::scheme);
    CHECK(problem_kind("county.example.cn") == CountyUrlProblem::malformed);
    std::string with_nul = "https://county.example.cn";
    with_nul += '\0';
    with_nul += ".evil.example";
    CHECK(problem_kind(with_nul) == CountyUrlProblem::malformed);
    CHECK(problem_kind("https://county.example.cn/\r\nX-Evil: 1") == CountyUrlProblem::malformed);

    const auto plain = net::check_county_url("http://127.example.org:8080/x");
    REQUIRE_FALSE(plain);
    CHECK(plain.error().host == "127.example.org");
    CHECK(plain.error().expected.starts_with("expected an https:// address"));
}

TEST_CASE("redact_url hides whatever stands before the last @") {
    CHECK(net::redact_url("https://kiosk:pw@county.example.cn/api") ==
          "https://***@county.example.cn/api");
    CHECK(net::redact_url("https://county.example.cn/api") == "https://county.example.cn/api");
    // Addresses libcurl refuses are hidden too: a password with a "/" or an "@" in it.
    CHECK(net::redact_url("https://kiosk:p/w@county.example.cn") ==
          "https://***@county.example.cn");
    CHECK(net::redact_url("https://kiosk:p@w@county.example.cn") ==
          "https://***@county.example.cn");
    CHECK(net::redact_url("kiosk:pw@county.example.cn") == "***@county.example.cn");
    CHECK(net::redact_url("") == "");
}

TEST_CASE("control characters: a line break, a tab or a NUL") {
    CHECK(net::has_control_character("a\nb"));
    CHECK(net::has_control_character("a\rb"));
    CHECK(net::has_control_character("a\tb"));
    CHECK(net::has_control_character(std::string("a\0b", 3)));
    CHECK(net::has_control_character("a\x7f"));
    CHECK_FALSE(net::has_control_character("county-token-1 令牌"));
}
