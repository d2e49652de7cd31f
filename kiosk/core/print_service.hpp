// Printing as the kiosk uses it: lay a sheet out (the raster is also the on-screen preview),
// encode it for the configured printer, queue it on the printer thread, and keep the paper
// counter. The screens use the *_async calls: layout and encoding (tens of milliseconds, and
// FreeType reads the font from disk) run on the layout worker, and a ticket tells the screen how
// the job goes. kioskctl uses the plain calls on its own thread. Both share the code below.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/state_db.hpp"
#include "kiosk/core/worker.hpp"
#include "printer/bitmap.hpp"
#include "printer/sheet.hpp"

namespace printer {
struct EncodedJob;
}  // namespace printer

namespace kiosk::core {

struct PrintSettings {
    std::string transport = "emulator";  // "emulator" alone: PNGs into <data>/printed
    std::string profile = "80mm";
    double roll_length_m = 50;
    std::filesystem::path profiles_dir;  // share/mingbai/printer-profiles
    std::filesystem::path data_dir;
    std::string font;
    int font_index = 2;
};

struct PreparedSheet {
    std::string label;       // for the log: "明白纸 dibao"
    printer::Sheet sheet;    // for text mode
    printer::Bitmap raster;  // what a raster printer prints, and the preview shows
    // The paper the configured printer feeds for it, the cut included: a text-mode printer's own
    // font takes about a quarter less than the raster. What the paper counter adds.
    double length_mm = 0;
    // The bytes for the configured printer, encoded once with the layout.
    std::shared_ptr<const printer::EncodedJob> job;
};
using SharedSheet = std::shared_ptr<const PreparedSheet>;

// A print job as the screens show it.
struct PrintJobView {
    enum class State { preparing, queued, printing, waiting_for_printer, done, failed };
    State state = State::preparing;
    float fraction = 0;        // of the bytes sent, while printing
    std::string for_resident;  // waiting: what is wrong, in plain words ("打印机没纸了")
    std::string problem;       // waiting or failed: for the log and staff
    // From the tap (print_async) to the first byte at the printer, once it has gone out.
    std::optional<double> first_byte_ms;
};
using PrintTicket = std::uint64_t;

// What became of a sheet printed on the calling thread (kioskctl).
struct PrintOutcome {
    enum class Kind {
        printed,
        stopped,    // the printer said no: paper out, cover open, an error
        failed,     // it could not be reached or the bytes did not get through
        bad_input,  // a printer spec that cannot be right
    } kind = Kind::printed;
    std::string message;  // for staff
    std::size_t bytes_sent = 0;
};

// What the printer says of itself when asked (DLE EOT), for staff.
struct PrinterCheck {
    bool answered = false;  // many USB printers never answer status requests
    bool can_print = false;
    std::string description;  // "paper out, cover open"
};

// Paper and printer as staff see them.
struct PrinterSummary {
    std::string transport;  // the spec in use
    std::string profile;
    bool text_mode = false;
};

// "emulator" alone becomes "emulator:<data>/printed".
std::string resolve_transport(const std::string& spec, const std::filesystem::path& data_dir);

// A printer spec that cannot name a printer at all ("tcp:HOST:99999", "serial:…?baud=123"), said
// as "bad printer spec \"…\": expected …": bad input, found before anything is laid out or opened.
std::expected<void, std::string> check_printer_spec(const std::string& spec);

// Asks the printer at `spec` how it is, on the calling thread (kioskctl, staff). An error value
// when it cannot be reached or answers garbage.
std::expected<PrinterCheck, std::string> check_printer(const std::string& spec,
                                                       int timeout_ms = 1500);

class PrintService {
  public:
    // `wake` is called from the layout worker and the printer thread whenever a job changes.
    static std::expected<std::unique_ptr<PrintService>, std::string> create(
        const PrintSettings& settings, StateDb* state, std::function<void()> wake);
    ~PrintService();
    PrintService(const PrintService&) = delete;
    PrintService& operator=(const PrintService&) = delete;

    // --- For the screens: these never wait.
    using PrepareResult = std::expected<SharedSheet, std::string>;
    // Lays the sheet out on the layout worker, for a preview before printing.
    Pending<PrepareResult> prepare_async(printer::Sheet sheet, std::string label);
    // Encodes and queues a laid-out sheet; the ticket follows it.
    PrintTicket print_async(SharedSheet prepared);
    // Lays out, encodes and queues: a receipt or a slip, printed without a preview.
    PrintTicket print_async(printer::Sheet sheet, std::string label);
    // How the job goes; nullopt for a ticket this service never gave.
    std::optional<PrintJobView> job(PrintTicket ticket) const;

    // --- For kioskctl: on the calling thread.
    std::expected<PreparedSheet, std::string> prepare(printer::Sheet sheet, std::string label);
    // Prints to `transport` (a spec; empty: the configured one) and counts the paper.
    PrintOutcome print_now(const PreparedSheet& prepared, const std::string& transport = {});

    PrinterSummary summary() const;
    // The printer as the last sheet found it, in one word for the heartbeat: "ok" (nothing
    // printed yet, or the last sheet printed), "printing", "waiting" (paper out, cover open: the
    // sheet waits), "failed".
    std::string state_word() const;
    // The last sheet's job, as its ticket would show it; nullopt before the first.
    std::optional<PrintJobView> last_job() const;
    double roll_length_m() const;
    // An estimate from the roll's length and the paper printed since staff last changed it.
    // Reads state.db: not from a frame.
    double paper_left_m() const;
    void paper_refilled();
    // Staff fixed the printer: try the waiting job at once.
    void retry_now();
    Worker& layout_worker() { return *worker_; }

  private:
    PrintService() = default;
    std::expected<printer::EncodedJob, std::string> encode(const PreparedSheet& prepared) const;
    PrintTicket new_ticket();
    void queue(PrintTicket ticket, const PreparedSheet& prepared,
               std::chrono::steady_clock::time_point asked);

    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::unique_ptr<Worker> worker_;
};

}  // namespace kiosk::core
