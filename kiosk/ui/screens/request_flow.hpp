// 帮办代办: asking the county for help without travelling. Step by step, one decision a screen:
// the item, the service, who (the ID, scanned or typed; a phone number), the one-time list of
// materials with what the resident already has ticked, the two commitments (双承诺), then the
// request is stored (「正在保存…」 until it is on disk, then 「已提交」) and a receipt printed.
// Residents never type Chinese: everything is chosen.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/keypad_entry.hpp"
#include "kiosk/core/request_service.hpp"
#include "kiosk/core/worker.hpp"
#include "kiosk/ui/context.hpp"
#include "kiosk/ui/kinetic_scroll.hpp"
#include "kiosk/ui/screens/id_keypad.hpp"

namespace kiosk::ui {

class RequestFlow {
  public:
    enum class Step {
        item,
        service,
        identify,
        id_keypad,
        phone,
        materials,
        commitments,
        saving,
        done,
        failed
    };
    struct Result {
        bool home = false;
    };

    Result draw(Context& ctx);
    // An ID scanned (or read from a card) while the flow waits for one.
    bool wants_id() const { return step_ == Step::identify || step_ == Step::id_keypad; }
    void on_id(core::IdNumber id);
    // Starts at the phone step with the item, service and ID already chosen (from 待遇查询).
    void start_with(const std::string& item, const std::string& service, core::IdNumber id);
    void reset();
    Step step() const { return step_; }
    // Waiting for the disk: the screen animates until the request is stored.
    bool waiting() const { return step_ == Step::saving; }
    std::string_view step_name() const;

  private:
    void go(Step s);
    Result draw_item(Context& ctx);
    Result draw_service(Context& ctx);
    Result draw_identify(Context& ctx);
    Result draw_phone(Context& ctx);
    Result draw_materials(Context& ctx);
    Result draw_commitments(Context& ctx);
    Result draw_saving(Context& ctx);
    Result draw_done(Context& ctx);

    Step step_ = Step::item;
    KineticScroll scroll_;
    core::RequestDraft draft_;
    core::IdEntry id_entry_;
    core::PhoneEntry phone_;
    std::vector<std::string> materials_;
    std::vector<bool> have_;
    core::Pending<core::RequestService::SubmitResult> saving_;
    std::int64_t saving_since_ms_ = 0;
    std::optional<core::RequestView> stored_;
    std::optional<core::PrintTicket> receipt_job_;
    std::string failure_;
};

}  // namespace kiosk::ui
