// Staff: the device. This kiosk's id, the software and content versions, whether the county
// answers, the disk, how long it has been up, and the last log lines (which never hold personal
// data), for the county engineer on the phone.
#pragma once

#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screens/staff/staff_page.hpp"

namespace kiosk::ui {

class DevicePanel {
  public:
    void enter(Context& ctx, core::StaffService& staff);
    PanelResult draw(Context& ctx, core::StaffService& staff);
    bool waiting() const { return info_.asked() && !info_.ready(); }

  private:
    core::Pending<core::DeviceInfo> info_;
    KineticScroll scroll_;
};

}  // namespace kiosk::ui
