// Staff: the content on screen. Its version, who signed it, when it was published and until when
// it holds; 「检查更新」 asks the county at once; 「从U盘装入」 installs a signed bundle from a USB
// stick with every check a download gets. New content goes on screen as soon as staff mode closes.
#pragma once

#include <string>

#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screens/staff/staff_page.hpp"

namespace kiosk::ui {

class ContentPanel {
  public:
    void enter();
    PanelResult draw(Context& ctx, core::StaffService& staff);
    bool waiting() const { return loading_.asked() && !loading_.ready(); }

  private:
    core::Pending<std::expected<long long, std::string>> loading_;
    std::string message_;
    bool message_bad_ = false;
    KineticScroll scroll_;
};

}  // namespace kiosk::ui
