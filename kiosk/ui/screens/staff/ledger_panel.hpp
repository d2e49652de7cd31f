// Staff: the 帮办代办 ledger (台账) of a quarter, as the township wants it: each request with the
// masked ID, the item, when it was taken and how it ended; 「导出到U盘」 writes it as CSV; before
// each report date (6/25, 9/25, 12/25) the staff menu reminds.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/staff_service.hpp"
#include "kiosk/ui/screens/staff/staff_page.hpp"

namespace kiosk::ui {

class LedgerPanel {
  public:
    void enter(Context& ctx, core::StaffService& staff);
    PanelResult draw(Context& ctx, core::StaffService& staff);
    bool waiting() const;

  private:
    void load(core::StaffService& staff);

    std::string quarter_;
    core::Pending<std::expected<std::vector<core::RequestView>, std::string>> rows_;
    core::Pending<std::expected<std::filesystem::path, std::string>> export_;
    std::string message_;
    bool message_bad_ = false;
    KineticScroll scroll_;
};

// The quarter before `quarter` ("2026Q1" → "2025Q4"), and after it.
std::string previous_quarter(const std::string& quarter);
std::string next_quarter(const std::string& quarter);

}  // namespace kiosk::ui
