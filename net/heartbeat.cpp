// POST /api/v1/heartbeat and its answer.
#include "net/heartbeat.hpp"

#include <nlohmann/json.hpp>

namespace net {

std::expected<api::HeartbeatReply, std::string> send_heartbeat(HttpClient& http,
                                                               const api::Heartbeat& heartbeat) {
    auto answer = http.post_json("/api/v1/heartbeat", api::to_json(heartbeat).dump());
    if (!answer) return std::unexpected(answer.error().message);
    if (answer->status != 200) {
        return std::unexpected("the county answered the heartbeat with " +
                               std::to_string(answer->status));
    }
    const auto j = nlohmann::json::parse(answer->body, nullptr, false);
    if (j.is_discarded()) return std::unexpected("the heartbeat's answer is not JSON");
    auto reply = api::parse_heartbeat_reply(j);
    if (!reply) return std::unexpected("the heartbeat's answer: " + reply.error());
    return reply;
}

}  // namespace net
