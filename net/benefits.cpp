// Asking the county for a resident's benefits.
#include "net/benefits.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace net {

std::expected<std::vector<Benefit>, BenefitQueryError> query_benefits(
    HttpClientOptions options, const std::string& id_number) {
    using Kind = BenefitQueryError::Kind;
    options.connect_timeout = std::min(options.connect_timeout, std::chrono::milliseconds(3000));
    options.total_timeout = std::min(options.total_timeout, std::chrono::milliseconds(6000));
    HttpClient http(options);
    std::string body = api::to_json(api::BenefitQuery{id_number, true}).dump();
    auto answer = http.post_json("/api/v1/benefits/query", body);
    base::wipe(body);  // it held the full number
    if (!answer) {
        return std::unexpected(BenefitQueryError{Kind::unreachable, answer.error().message});
    }
    if (answer->status >= 500 || answer->status == 408 || answer->status == 429) {
        return std::unexpected(BenefitQueryError{
            Kind::unreachable, "the county answered " + std::to_string(answer->status)});
    }
    if (answer->status != 200) {
        return std::unexpected(BenefitQueryError{
            Kind::refused,
            "the county refused the query (" + std::to_string(answer->status) + ")"});
    }
    const auto j = nlohmann::json::parse(answer->body, nullptr, false);
    if (j.is_discarded()) {
        return std::unexpected(BenefitQueryError{Kind::malformed, "malformed answer: not JSON"});
    }
    auto benefits = api::parse_benefits_answer(j);
    if (!benefits) {
        return std::unexpected(
            BenefitQueryError{Kind::malformed, "malformed answer: " + benefits.error()});
    }
    return std::move(*benefits);
}

}  // namespace net
