// The print service as kioskctl uses it: the kiosk's own, on the calling thread, with the
// paper counter in the kiosk's state database. Every command that prints goes through here.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kiosk/core/print_service.hpp"
#include "kiosk/core/state_db.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {

struct Printing {
    std::unique_ptr<kiosk::core::StateDb> state;
    std::unique_ptr<kiosk::core::PrintService> service;
};
// A --printer value that cannot name a printer: false after saying so, and the command exits 2
// (bad input) before it does anything. Empty (the config's printer, checked as it was read) is
// fine.
bool printer_flag_ok(const std::string& spec);

// With `profile` (empty: the config's); nullopt after saying why.
std::optional<Printing> open_printing(Session& s, const std::string& profile);

// Lays out and prints `sheet` to `printer_spec` (empty: the config's). Exit code: 0 printed,
// 1 the printer stopped it, 2 bad input.
int print_sheet(kiosk::core::PrintService& svc, printer::Sheet sheet, const std::string& label,
                const std::string& printer_spec);

}  // namespace kioskctl
