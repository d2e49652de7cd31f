// 待遇查询: 「我的低保什么时候发？发多少？」 — identify (card, code or keypad), consent to asking
// the county, then a page in large type per benefit (item, monthly amount, start, payment day, last
// payment, next review, and if stopped the date and reason). No record: a kind word and the way
// to apply. The county unreachable: say so and offer a 信息查询 request. Nothing is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/benefit_service.hpp"
#include "kiosk/core/keypad_entry.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/worker.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"
#include "kiosk/ui/screens/id_keypad.hpp"

namespace kiosk::ui {

class StatusFlow {
  public:
    enum class Step { identify, keypad, consent, waiting, results, none, unreachable };
    struct Result {
        bool home = false;
        // Hand over to 帮办代办 with this item and service and the resident's ID.
        std::optional<std::pair<std::string, std::string>> request;
    };

    Result draw(Context& ctx);
    bool wants_id() const { return step_ == Step::identify || step_ == Step::keypad; }
    void on_id(core::IdNumber id);
    void reset();
    bool waiting() const { return step_ == Step::waiting; }
    std::string_view step_name() const;
    const std::optional<core::IdNumber>& id() const { return id_; }

  private:
    void go(Step s);
    Result draw_results(Context& ctx);

    Step step_ = Step::identify;
    core::IdEntry entry_;
    std::optional<core::IdNumber> id_;
    core::Pending<core::BenefitAnswer> query_;
    std::vector<core::BenefitView> benefits_;
    std::int64_t started_ms_ = 0;
    KineticScroll scroll_;
    std::optional<core::PrintTicket> slip_job_;
};

}  // namespace kiosk::ui
