// What `county-server kiosks` prints: every kiosk's latest heartbeat, a table for people or JSON
// for scripts.
#pragma once

#include <ostream>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "net/county/storage.hpp"

namespace county {

// One object per kiosk: the heartbeat's fields under their API names (paper_left_percent null
// when unknown), and received_at.
nlohmann::json kiosks_json(const std::vector<KioskStatus>& kiosks);

// One line per kiosk under a header, the last error last; "no kiosk has sent a heartbeat" when
// there are none.
void print_kiosks_table(std::ostream& out, const std::vector<KioskStatus>& kiosks);

}  // namespace county
