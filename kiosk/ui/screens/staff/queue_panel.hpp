// Staff: the 帮办代办 queue. Counts by state, the oldest request still on its way, when the
// county was last reached and what last went wrong, 「立即同步」, the requests the county refused
// with its message, and those past the reference notices' deadlines, oldest first.
#pragma once

#include <string>

#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screens/staff/staff_page.hpp"

namespace kiosk::ui {

class QueuePanel {
  public:
    void enter(Context& ctx, core::StaffService& staff);
    PanelResult draw(Context& ctx, core::StaffService& staff);
    bool waiting() const { return summary_.asked() && !summary_.ready(); }

  private:
    core::Pending<std::expected<core::QueueSummary, std::string>> summary_;
    std::string message_;
    KineticScroll scroll_;
};

}  // namespace kiosk::ui
