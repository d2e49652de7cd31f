// The print service as kioskctl uses it.
#include "kiosk/tools/kioskctl/printing.hpp"

#include <iostream>

#include "kiosk/core/data_paths.hpp"

namespace kioskctl {

bool printer_flag_ok(const std::string& spec) {
    if (spec.empty()) return true;
    if (auto ok = kiosk::core::check_printer_spec(spec); !ok) {
        fail(2, "--printer: ", ok.error());
        return false;
    }
    return true;
}

std::optional<Printing> open_printing(Session& s, const std::string& profile) {
    if (!s.data_dir_ready()) return std::nullopt;
    const auto& c = *s.config();
    auto state = kiosk::core::StateDb::open(c.data_dir);
    if (!state) {
        fail(2, state.error());
        return std::nullopt;
    }
    const kiosk::core::PrintSettings settings{c.printer.transport,
                                              profile.empty() ? c.printer.profile : profile,
                                              c.printer.roll_length_m,
                                              kiosk::core::share_dir() / "printer-profiles",
                                              c.data_dir,
                                              c.ui.font,
                                              c.ui.font_index};
    auto service = kiosk::core::PrintService::create(settings, state->get(), {});
    if (!service) {
        fail(2, service.error());
        return std::nullopt;
    }
    return Printing{std::move(*state), std::move(*service)};
}

int print_sheet(kiosk::core::PrintService& svc, printer::Sheet sheet, const std::string& label,
                const std::string& printer_spec) {
    auto prepared = svc.prepare(std::move(sheet), label);
    if (!prepared) return fail(2, label, ": ", prepared.error());
    const auto result = svc.print_now(*prepared, printer_spec);
    using Kind = kiosk::core::PrintOutcome::Kind;
    if (result.kind == Kind::bad_input) return fail(2, "--printer: ", result.message);
    if (result.kind != Kind::printed) return fail(1, label, " not printed: ", result.message);
    std::cout << "printed " << label << ": " << result.bytes_sent << " bytes, "
              << static_cast<int>(prepared->length_mm + 0.5) << " mm of paper, profile "
              << svc.summary().profile << "\n";
    return 0;
}

}  // namespace kioskctl
