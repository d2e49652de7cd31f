// A resident's 享受待遇信息 from the county (POST /api/v1/benefits/query, net/API.md): asked with
// short time limits, because a resident is standing at the screen waiting. The answer is never
// written to disk.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "net/api.hpp"
#include "net/http_client.hpp"

namespace net {

// One benefit as the county's answer gives it: item, amount_yuan, start_date, pay_day, status,
// stop_date, stop_reason, last_payment_date, last_payment_yuan, next_review (net/api.hpp).
using Benefit = api::Benefit;

struct BenefitQueryError {
    enum class Kind { unreachable, refused, malformed } kind;
    std::string message;  // for the log; never holds the number
};

// The county's answer; an empty list is "no record". `options` are used with time limits of a few
// seconds whatever they say.
std::expected<std::vector<Benefit>, BenefitQueryError> query_benefits(HttpClientOptions options,
                                                                      const std::string& id_number);

}  // namespace net
