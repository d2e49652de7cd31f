// The county's address, judged by libcurl's URL parser.
#include "net/county_url.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace net {
namespace {

struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

// One part of a parsed URL; nullopt when the URL has none (no user name, say).
std::optional<std::string> part(CURLU* u, CURLUPart which) {
    char* text = nullptr;
    if (curl_url_get(u, which, &text, 0) != CURLUE_OK || !text) return std::nullopt;
    std::string out(text);
    curl_free(text);
    return out;
}

constexpr const char* kHttpsOnly =
    "expected an https:// address (plain http only to this machine, for the reference server)";

}  // namespace

bool has_control_character(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

bool is_loopback_host(std::string_view host) {
    std::string h(host);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    in_addr v4{};
    if (::inet_pton(AF_INET, h.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;
    }
    in6_addr v6{};
    if (::inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
        return std::memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
    }
    return h.size() == 9 && std::equal(h.begin(), h.end(), "localhost", [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
           });
}

std::expected<void, CountyUrlProblem> check_county_url(std::string_view url,
                                                       bool allow_plain_http) {
    using P = CountyUrlProblem;
    // libcurl reads a C string: a NUL inside would hide the rest of the address from it.
    if (has_control_character(url)) return std::unexpected(P{P::malformed, "", kHttpsOnly});
    std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
    if (!u || curl_url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) {
        return std::unexpected(P{P::malformed, "", kHttpsOnly});
    }
    const std::string scheme = part(u.get(), CURLUPART_SCHEME).value_or("");
    const std::string host = part(u.get(), CURLUPART_HOST).value_or("");
    if (scheme != "https" && scheme != "http") {
        return std::unexpected(P{P::scheme, host, kHttpsOnly});
    }
    if (scheme == "http" && !allow_plain_http && !is_loopback_host(host)) {
        return std::unexpected(P{P::plain_http, host, kHttpsOnly});
    }
    if (part(u.get(), CURLUPART_USER) || part(u.get(), CURLUPART_PASSWORD)) {
        return std::unexpected(P{P::user_info, host,
                                 "expected no user name or password in the address (this "
                                 "kiosk's token goes in county.token)"});
    }
    return {};
}

std::string redact_url(std::string_view url) {
    const auto scheme_end = url.find("://");
    const std::size_t from = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    // The last "@" anywhere, not only in the authority: a password with an unescaped "/" or "?"
    // in it is still hidden. A path with an "@" is shown shorter than it is, which does no harm.
    const auto at = url.rfind('@');
    if (at == std::string_view::npos || at < from) return std::string(url);
    return std::string(url.substr(0, from)) + "***" + std::string(url.substr(at));
}

}  // namespace net
