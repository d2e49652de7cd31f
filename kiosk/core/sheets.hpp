// What goes on paper: an item's 明白纸 (everything on its page, for the family at home), the
// notices for the noticeboard, the request receipt, the 待遇查询 slip and the staff test page. The
// screens and kioskctl print these.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "kiosk/core/benefit_view.hpp"
#include "kiosk/core/content.hpp"
#include "printer/sheet.hpp"

namespace kiosk::core {

printer::Sheet item_sheet(const Content& content, const Item& item, base::Date printed_on);

// The notices valid on `day` (通知公告), each with the days it runs, for the station's noticeboard.
// Without any, one line says so.
printer::Sheet notices_sheet(const Content& content, base::Date day);

// A request receipt (帮办代办回执), handed to the resident when a request is stored.
struct Receipt {
    std::string request_no;
    std::string item_name;
    std::string service;
    std::string masked_id;  // never the full number: at most the first 4 and last 4 characters
    base::Date submitted;
    std::vector<std::string> to_bring;  // the materials still missing (一次性告知)
    int deadline_working_days = 0;
    base::Date deadline;
    std::string station;
    std::string hotline;
};
printer::Sheet receipt_sheet(const Receipt& receipt);

// What the receipt's QR code says, so that the kiosk's scanner opens that request.
std::string receipt_qr_payload(std::string_view request_no);

// The 享受待遇信息 slip a resident takes home after 待遇查询: the masked ID, each benefit as the
// screen showed it, and where to ask.
struct BenefitSlip {
    std::string masked_id;
    std::vector<BenefitView> benefits;
    base::Date asked_on;
    std::string station;
    std::string hotline;
};
printer::Sheet benefit_slip(const Content& content, const BenefitSlip& slip);

// The item's full name, or its id when the content does not know it.
std::string item_name_or_id(const Content& content, const std::string& item_id);

// A test page for staff: every text size, a bullet list, a QR code and the date.
printer::Sheet test_sheet(const std::string& station, const std::string& printer_name,
                          base::Date printed_on);

}  // namespace kiosk::core
