// What goes on paper: an item's 明白纸 — everything on its page, for the family at home.
#pragma once

#include "base/date.hpp"
#include "kiosk/core/content.hpp"
#include "printer/sheet.hpp"

namespace kiosk::core {

printer::Sheet item_sheet(const Content& content, const Item& item, base::Date printed_on);

// A test page for staff: every text size, a bullet list, a QR code and the date.
printer::Sheet test_sheet(const std::string& station, const std::string& printer_name, base::Date printed_on);

}  // namespace kiosk::core
