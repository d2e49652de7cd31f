// printer_emulator: a stand-in ESC/POS receipt printer on TCP or a pseudo-terminal, writing a
// PNG per cut sheet, for development and `make run` without a printer on the desk.
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <CLI/CLI.hpp>

#include "base/listen_address.hpp"
#include "base/program.hpp"
#include "printer/bitmap.hpp"
#include "printer/emulator/emulator_server.hpp"

namespace {

using printer::emulator::EmulatorOptions;
using printer::emulator::EmulatorServer;

constexpr std::string_view kProgram = "printer_emulator";

std::string describe_paper(const std::optional<double>& paper_mm) {
    if (!paper_mm) return "endless paper";
    char text[64];
    std::snprintf(text, sizeof text, "%.0f mm of paper", *paper_mm);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{
        "A stand-in ESC/POS receipt printer: takes raster, text (GB18030), QR and status "
        "commands on TCP or a pseudo-terminal and writes each cut sheet as a PNG.",
        "printer_emulator"};
    std::string listen, out_dir;
    bool pty = false, cover_open = false;
    int width = 576, dpi = 203;
    double paper_mm = 0, near_end_mm = 0;

    auto* transport = cli.add_option_group("transport", "Where the printer is attached (one)");
    transport
        ->add_option("--listen", listen,
                     "Listen on TCP HOST:PORT as a network printer does, e.g. "
                     "127.0.0.1:9100 (port 0 picks a free one)")
        ->type_name("HOST:PORT");
    transport->add_flag("--pty", pty,
                        "Open a pseudo-terminal for a serial transport and print its path");
    transport->require_option(1);
    cli.add_option("--out", out_dir, "Write each cut sheet as DIR/sheet-NNNN.png")
        ->type_name("DIR");
    cli.add_option(
           "--width", width,
           "Printable width in dots: 576 (80 mm at 203 dpi), 384 (58 mm), 512 (80 mm at 180 dpi)")
        ->check(CLI::Range(8, 4096))
        ->type_name("DOTS")
        ->capture_default_str();
    cli.add_option("--dpi", dpi, "Dots per inch of the head")
        ->check(CLI::Range(50, 1200))
        ->type_name("N")
        ->capture_default_str();
    auto* paper_option =
        cli.add_option("--paper-mm", paper_mm,
                       "Paper left on the roll; the printer reports paper end after MM "
                       "(default: endless)");
    paper_option->check(CLI::PositiveNumber)->type_name("MM");
    cli.add_option("--near-end-mm", near_end_mm,
                   "Report paper near end when less than MM is left (needs --paper-mm)")
        ->check(CLI::NonNegativeNumber)
        ->type_name("MM");
    cli.add_flag("--cover-open", cover_open, "Start with the cover open: nothing prints");
    cli.footer(
        "Signals: SIGUSR1 puts in a new roll of --paper-mm (the partial sheet is torn off), "
        "SIGUSR2 opens or closes the cover, SIGINT and SIGTERM quit.");
    CLI11_PARSE(cli, argc, argv);

    std::optional<base::ListenAddress> address;
    if (!pty) {
        auto parsed = base::parse_listen_address(listen);
        if (!parsed)
            return base::fail(kProgram, "--listen wants HOST:PORT, got \"" + listen + "\"");
        address = std::move(*parsed);
    }
    if (!out_dir.empty()) {
        std::error_code error;
        std::filesystem::create_directories(out_dir, error);
        if (error) return base::fail(kProgram, "cannot create " + out_dir + ": " + error.message());
    }

    EmulatorOptions options;
    options.width_dots = width;
    options.dpi = dpi;
    if (paper_option->count() > 0) options.paper_mm = paper_mm;
    options.near_end_mm = near_end_mm;
    options.cover_open = cover_open;
    const std::optional<double> roll_mm = options.paper_mm;

    // Taken with sigwait() below: blocked before the server's worker starts.
    const base::BlockedSignals signals{SIGINT, SIGTERM, SIGUSR1, SIGUSR2};

    auto server = pty ? EmulatorServer::open_pty(options, out_dir)
                      : EmulatorServer::listen_tcp(address->host, address->port, options, out_dir);
    if (!server) return base::fail(kProgram, server.error());
    (*server)->announce_sheets(true);
    if (pty) {
        std::cout << "listening on pty " << (*server)->pty_path() << "\n";
    } else {
        std::cout << "listening on tcp " << (address->host.empty() ? "*" : address->host) << ":"
                  << (*server)->port() << "\n";
    }
    std::cout << width << " dots wide at " << dpi << " dpi, " << describe_paper(roll_mm)
              << (cover_open ? ", cover open" : "") << std::endl;

    std::size_t torn = 0;
    for (;;) {
        const int signal_number = signals.wait();
        if (signal_number == SIGINT || signal_number == SIGTERM) break;
        if (signal_number == SIGUSR2) {
            const bool open = (*server)->with_emulator([](printer::emulator::EscPosEmulator& e) {
                e.set_cover_open(!e.cover_open());
                return e.cover_open();
            });
            std::cout << (open ? "cover opened" : "cover closed") << std::endl;
            continue;
        }
        // SIGUSR1: staff changed the roll.
        const auto torn_off = (*server)->with_emulator([&](printer::emulator::EscPosEmulator& e) {
            const std::size_t before = e.torn_off().size();
            e.refill(roll_mm);
            return e.torn_off().size() > before ? std::optional(e.torn_off().back()) : std::nullopt;
        });
        std::cout << "new roll: " << describe_paper(roll_mm) << std::endl;
        if (torn_off) {
            ++torn;
            char name[32];
            std::snprintf(name, sizeof name, "torn-%04zu.png", torn);
            std::cout << "tore off a partial sheet (" << torn_off->width() << " x "
                      << torn_off->height() << " dots)";
            if (!out_dir.empty()) {
                const std::string path = out_dir + "/" + name;
                std::cout << (printer::write_png(path.c_str(), *torn_off) ? " -> " + path
                                                                          : " (cannot write PNG)");
            }
            std::cout << std::endl;
        }
    }
    return 0;
}
