// One resident's benefit query, on its own thread.
#include "kiosk/core/status_query.hpp"

namespace kiosk::core {

net::HttpClientOptions county_http(const Config& config) {
    net::HttpClientOptions o;
    o.base_url = config.county.url;
    o.token = config.county.token;
    o.kiosk_id = config.county.kiosk_id;
    return o;
}

StatusQuery::StatusQuery(const Config& config, const scanner::IdNumber& id, std::function<void()> on_done) {
    std::thread([state = state_, http = county_http(config), number = id.full_number_for_transmission(),
                 done = std::move(on_done)]() mutable {
        auto a = net::query_benefits(http, number);
        std::fill(number.begin(), number.end(), '\0');
        {
            std::lock_guard lock(state->mutex);
            state->answer = std::move(a);
        }
        if (done) done();
    }).detach();
}

StatusQuery::~StatusQuery() = default;

std::optional<BenefitAnswer> StatusQuery::answer() const {
    std::lock_guard lock(state_->mutex);
    return state_->answer;
}

}  // namespace kiosk::core
