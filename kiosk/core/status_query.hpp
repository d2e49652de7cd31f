// One resident's benefit query, on a thread of its own so that the screen never waits: the UI
// starts it after consent and looks for the answer each frame. Nothing of it is written to disk;
// dropping the object forgets the answer.
#pragma once

#include <expected>
#include <functional>
#include <mutex>
#include <optional>
#include <memory>
#include <thread>
#include <vector>

#include "kiosk/core/config.hpp"
#include "net/benefits.hpp"
#include "scanner/id_number.hpp"

namespace kiosk::core {

using BenefitAnswer = std::expected<std::vector<net::Benefit>, net::BenefitQueryError>;

class StatusQuery {
public:
    StatusQuery(const Config& config, const scanner::IdNumber& id, std::function<void()> on_done);
    ~StatusQuery();
    StatusQuery(const StatusQuery&) = delete;
    StatusQuery& operator=(const StatusQuery&) = delete;

    std::optional<BenefitAnswer> answer() const;

private:
    // Shared with the thread, which is not waited for: a resident who walks away must not make
    // the screen wait for a slow county. The thread ends within the client's time limits.
    struct State {
        std::mutex mutex;
        std::optional<BenefitAnswer> answer;
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

// Options for talking to the configured county.
net::HttpClientOptions county_http(const Config& config);

}  // namespace kiosk::core
