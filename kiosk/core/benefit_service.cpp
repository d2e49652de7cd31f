// One resident's benefit query, on its own thread.
#include "kiosk/core/benefit_service.hpp"

#include <algorithm>
#include <thread>

#include "base/log.hpp"
#include "net/benefits.hpp"

namespace kiosk::core {
namespace {

BenefitAnswer answer_of(const std::expected<std::vector<net::Benefit>, net::BenefitQueryError>& a) {
    using Outcome = BenefitAnswer::Outcome;
    BenefitAnswer out;
    if (!a) {
        using Kind = net::BenefitQueryError::Kind;
        const auto kind = a.error().kind;
        out.outcome = kind == Kind::refused     ? Outcome::refused
                      : kind == Kind::malformed ? Outcome::malformed
                                                : Outcome::unreachable;
        out.problem = a.error().message;
        return out;
    }
    out.outcome = a->empty() ? Outcome::no_record : Outcome::found;
    for (const auto& b : *a) {
        out.benefits.push_back({b.item, b.amount_yuan, b.start_date, b.pay_day,
                                b.status == "stopped", b.stop_date, b.stop_reason,
                                b.last_payment_date, b.last_payment_yuan, b.next_review});
    }
    return out;
}

}  // namespace

std::string_view outcome_name(BenefitAnswer::Outcome outcome) {
    switch (outcome) {
        case BenefitAnswer::Outcome::found:
            return "found";
        case BenefitAnswer::Outcome::no_record:
            return "no record";
        case BenefitAnswer::Outcome::refused:
            return "refused";
        case BenefitAnswer::Outcome::unreachable:
            return "unreachable";
        case BenefitAnswer::Outcome::malformed:
            return "malformed";
    }
    return "?";
}

BenefitService::BenefitService(const Config& config, std::function<void()> wake)
    : config_(config), wake_(std::move(wake)) {}

BenefitAnswer BenefitService::ask_now(const scanner::IdNumber& id) const {
    if (!available()) return {BenefitAnswer::Outcome::unreachable, {}, "no county configured"};
    return answer_of(
        net::query_benefits(county_http_options(config_), id.full_number_for_transmission()));
}

Pending<BenefitAnswer> BenefitService::ask(const scanner::IdNumber& id) const {
    // A one-off thread rather than a shared worker: it must not queue behind a slow earlier
    // query, and it ends within the client's time limits whether anyone still looks or not.
    auto pending = Pending<BenefitAnswer>::make();
    std::thread([pending, self = *this, id] {
        auto answer = self.ask_now(id);
        base::log::debug("status", "the county's answer is in: ", outcome_name(answer.outcome));
        pending.fulfil(std::move(answer));
        if (self.wake_) self.wake_();
    }).detach();
    return pending;
}

}  // namespace kiosk::core
