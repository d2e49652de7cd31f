// Staff: the printer. Its state in plain words with what to do next, the paper left on the roll,
// 「已换纸」, a test page, and the last receipt printed again (masked, as it was handed over).
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screens/staff/staff_page.hpp"

namespace kiosk::ui {

class PrinterPanel {
  public:
    void enter(core::StaffService& staff);
    PanelResult draw(Context& ctx, core::StaffService& staff);
    bool waiting() const;

  private:
    core::Pending<core::StaffService::PrinterState> state_;
    core::Pending<bool> refilled_;
    core::Pending<std::expected<core::PrintTicket, std::string>> reprint_;
    std::optional<core::PrintTicket> job_;  // the test page or the reprint, followed here
    std::string job_label_;
    std::string message_;
    KineticScroll scroll_;
};

}  // namespace kiosk::ui
