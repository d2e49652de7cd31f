// Staff: the noticeboard. The notices in force, or any item's 明白纸, printed on A4 by the
// station's office printer (CUPS) to post on the wall (reference/001 张贴).
#pragma once

#include <string>

#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screens/staff/staff_page.hpp"

namespace kiosk::ui {

class NoticeboardPanel {
  public:
    void enter();
    PanelResult draw(Context& ctx, core::StaffService& staff);
    bool waiting() const { return job_.asked() && !job_.ready(); }

  private:
    core::Pending<core::NoticeboardPrinter::Result> job_;
    std::string what_;  // the label of what is printing
    std::string message_;
    bool message_bad_ = false;
    KineticScroll scroll_;
};

}  // namespace kiosk::ui
