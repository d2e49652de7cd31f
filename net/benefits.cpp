// Asking the county for a resident's benefits.
#include "net/benefits.hpp"

#include <nlohmann/json.hpp>

namespace net {

std::expected<std::vector<Benefit>, BenefitQueryError> query_benefits(HttpClientOptions options,
                                                                      const std::string& id_number) {
    using Kind = BenefitQueryError::Kind;
    options.connect_timeout = std::min(options.connect_timeout, std::chrono::milliseconds(3000));
    options.total_timeout = std::min(options.total_timeout, std::chrono::milliseconds(6000));
    HttpClient http(options);
    const nlohmann::json body = {{"id_number", id_number}, {"consent", true}};
    auto answer = http.post_json("/api/v1/benefits/query", body.dump());
    if (!answer) return std::unexpected(BenefitQueryError{Kind::unreachable, answer.error().message});
    if (answer->status >= 500 || answer->status == 408 || answer->status == 429) {
        return std::unexpected(BenefitQueryError{Kind::unreachable, "the county answered " + std::to_string(answer->status)});
    }
    if (answer->status != 200) {
        return std::unexpected(BenefitQueryError{Kind::refused, "the county refused the query (" +
                                                                    std::to_string(answer->status) + ")"});
    }
    std::vector<Benefit> out;
    try {
        const auto j = nlohmann::json::parse(answer->body);
        for (const auto& b : j.at("benefits")) {
            Benefit x;
            x.item = b.at("item").get<std::string>();
            x.amount_yuan = b.at("amount_yuan").get<std::string>();
            x.start_date = b.at("start_date").get<std::string>();
            x.pay_day = b.at("pay_day").get<int>();
            x.status = b.at("status").get<std::string>();
            x.stop_date = b.value("stop_date", "");
            x.stop_reason = b.value("stop_reason", "");
            x.last_payment_date = b.value("last_payment_date", "");
            x.last_payment_yuan = b.value("last_payment_yuan", "");
            x.next_review = b.value("next_review", "");
            out.push_back(std::move(x));
        }
    } catch (const nlohmann::json::exception& e) {
        return std::unexpected(BenefitQueryError{Kind::malformed, std::string("malformed answer: ") + e.what()});
    }
    return out;
}

}  // namespace net
