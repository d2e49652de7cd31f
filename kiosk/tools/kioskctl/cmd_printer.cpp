// kioskctl print, printer status|test|paper|refilled, escpos render.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "kiosk/core/sheets.hpp"
#include "kiosk/tools/kioskctl/printing.hpp"
#include "kiosk/tools/kioskctl/session.hpp"
// A developer's tool with no screen behind it: the emulator's own renderer, directly.
#include "printer/emulator/escpos_emulator.hpp"

namespace kioskctl {
namespace {

struct Options {
    std::string printer;  // --printer SPEC
    std::string profile;  // --profile NAME
    std::string item_id;
    std::string render_in, render_out;
    int render_width = 576;
};

int render_escpos(const std::string& in_path, const std::string& out_path, int width) {
    std::ifstream in(in_path, std::ios::binary);
    if (!in) return fail(2, "cannot read ", in_path);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
    printer::emulator::EmulatorOptions options;
    options.width_dots = width;
    printer::emulator::EscPosEmulator emulator(options);
    emulator.feed(bytes);
    for (const auto& u : emulator.unknown_commands()) fail(0, "not understood: ", u);
    std::vector<printer::Bitmap> sheets = emulator.sheets();
    if (const auto rest = emulator.current(); rest.height() > 0) {
        sheets.push_back(rest);  // printed but not cut
    }
    if (sheets.empty()) return fail(1, in_path, " prints nothing");
    const std::filesystem::path out(out_path);
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        auto path = out;
        if (i > 0) {
            path.replace_filename(out.stem().string() + "-" + std::to_string(i + 1) +
                                  out.extension().string());
        }
        if (!printer::write_png(path.c_str(), sheets[i])) return fail(2, "cannot write ", path);
        std::cout << path.string() << ": " << sheets[i].width() << "x" << sheets[i].height()
                  << " dots\n";
    }
    return 0;
}

}  // namespace

void add_printer_commands(CLI::App& cli, Session& s) {
    auto o = std::make_shared<Options>();
    const std::string printer_help =
        "file:PATH, tcp:HOST:PORT, serial:DEVICE?baud=N, usb:/dev/usb/lpN or emulator:DIR "
        "(default: the config's)";

    auto* print_cmd = cli.add_subcommand(
        "print",
        "Print an item's 明白纸 now, on this thread (exit 0 printed, 1 the printer stopped it or "
        "cannot be reached, 2 bad input such as a bad printer spec)");
    print_cmd->add_option("item", o->item_id, "The item's id, e.g. dibao")->required();
    print_cmd->add_option("--printer", o->printer, printer_help);
    print_cmd->add_option("--profile", o->profile,
                          "Printer profile: 80mm, 58mm, 80mm-180dpi, 80mm-text");
    print_cmd->add_option("--bundle", s.bundle_flag, "Read this bundle instead of the active one");
    on_run(print_cmd, s, [&s, o]() -> int {
        if (!printer_flag_ok(o->printer)) return 2;
        auto printing = open_printing(s, o->profile);
        if (!printing) return 2;
        const auto content = s.content();
        if (!content) return 2;
        const auto* item = Session::item(*content, o->item_id);
        if (!item) return 2;
        return print_sheet(*printing->service,
                           kiosk::core::item_sheet(*content, *item, base::today_local()),
                           "明白纸 " + item->id, o->printer);
    });

    auto* escpos_cmd = cli.add_subcommand("escpos", "Look at ESC/POS bytes");
    escpos_cmd->require_subcommand(1);
    auto* render = escpos_cmd->add_subcommand(
        "render", "Render ESC/POS bytes as the emulator prints them: one PNG per cut sheet");
    render->add_option("in", o->render_in, "File of ESC/POS bytes")->required();
    render->add_option("out", o->render_out, "PNG to write (OUT-2.png... for further sheets)")
        ->required();
    render->add_option("--width", o->render_width, "Paper width in dots")->capture_default_str();
    on_run(render, s, [&s, o]() -> int {
        return render_escpos(o->render_in, o->render_out, o->render_width);
    });

    auto* printer_cmd =
        cli.add_subcommand("printer", "The printer: status, a test page, the paper");
    printer_cmd->require_subcommand(1);
    auto* status = printer_cmd->add_subcommand(
        "status",
        "Ask the printer how it is (exit 0 ready, 1 not ready, 2 unreachable or a bad spec)");
    status->add_option("--printer", o->printer, "The printer (default: the config's)");
    on_run(status, s, [&s, o]() -> int {
        if (!printer_flag_ok(o->printer)) return 2;
        const auto* c = s.config();
        if (!c) return 2;
        const std::string spec = kiosk::core::resolve_transport(
            o->printer.empty() ? c->printer.transport : o->printer, c->data_dir);
        const auto check = kiosk::core::check_printer(spec);
        if (!check) {
            return fail(2, check.error());
        }
        if (!check->answered) {
            std::cout << spec
                      << ": no status answer (the printer or its connection does not report "
                         "status)\n";
            return 2;
        }
        std::cout << spec << ": " << check->description << "\n";
        return check->can_print ? 0 : 1;
    });
    auto* test = printer_cmd->add_subcommand("test", "Print a test page");
    test->add_option("--printer", o->printer, "The printer (default: the config's)");
    test->add_option("--profile", o->profile, "Printer profile (default: the config's)");
    on_run(test, s, [&s, o]() -> int {
        if (!printer_flag_ok(o->printer)) return 2;
        auto printing = open_printing(s, o->profile);
        if (!printing) return 2;
        auto& svc = *printing->service;
        return print_sheet(
            svc,
            kiosk::core::test_sheet(s.config()->station.name,
                                    o->printer.empty() ? svc.summary().transport : o->printer,
                                    base::today_local()),
            "test page", o->printer);
    });
    on_run(printer_cmd->add_subcommand("paper", "How much paper is left on the roll (an estimate)"),
           s, [&s, o]() -> int {
               auto printing = open_printing(s, o->profile);
               if (!printing) return 2;
               std::cout << "paper left: about "
                         << static_cast<int>(printing->service->paper_left_m() + 0.5) << " m of "
                         << s.config()->printer.roll_length_m << " m\n";
               return 0;
           });
    on_run(printer_cmd->add_subcommand("refilled", "A new roll is in: start counting from zero"), s,
           [&s, o]() -> int {
               auto printing = open_printing(s, o->profile);
               if (!printing) return 2;
               printing->service->paper_refilled();
               std::cout << "paper counter reset: a full roll of "
                         << s.config()->printer.roll_length_m << " m\n";
               return 0;
           });
}

}  // namespace kioskctl
