// What the net library's libcurl users (the API client, the content downloader) share: libcurl's
// global set-up, done once, and its error codes sorted into the few kinds a caller acts on.
// Internal to net/: nothing outside includes libcurl.
#pragma once

#include <curl/curl.h>

namespace net::curl {

// curl_global_init once per process, before the first handle, never twice at once.
void init_once();

// connect: no connection or it broke (passing). timeout. tls: handshake or certificate.
// aborted: a progress callback asked to stop. other: anything else.
enum class Failure { connect, timeout, tls, aborted, other };
Failure classify(CURLcode rc);

}  // namespace net::curl
