// 扫一扫: what the resident can scan and where, and the keypad for those without a code.
#pragma once

#include <optional>
#include <string>

#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

struct ScanPageResult {
    bool back = false;
    bool keypad = false;
};

ScanPageResult draw_scan_page(Context& ctx);

// What was read, shown after a scan or the keypad: the masked ID, and what comes next.
struct IdResultPage {
    std::string masked;
};
struct IdResultResult {
    bool home = false;
};
IdResultResult draw_id_result(Context& ctx, const IdResultPage& page);

}  // namespace kiosk::ui
