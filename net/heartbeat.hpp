// The kiosk's heartbeat to its county (POST /api/v1/heartbeat, net/API.md): one exchange on the
// given client; the answer may hint that new content is published.
#pragma once

#include <expected>
#include <string>

#include "net/api.hpp"
#include "net/http_client.hpp"

namespace net {

std::expected<api::HeartbeatReply, std::string> send_heartbeat(HttpClient& http,
                                                               const api::Heartbeat& heartbeat);

}  // namespace net
