// Printing as the kiosk uses it: lay a sheet out (the raster is also the on-screen preview),
// encode it for the configured printer, queue it on the printer thread, and keep the paper
// counter. The screens and kioskctl share it.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/date.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/state_db.hpp"
#include "printer/bitmap.hpp"
#include "printer/font_face.hpp"
#include "printer/print_job.hpp"
#include "printer/print_worker.hpp"
#include "printer/profile.hpp"
#include "printer/sheet.hpp"

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
    double length_mm = 0;
};

// "emulator" alone becomes "emulator:<data>/printed".
std::string resolve_transport(const std::string& spec, const std::filesystem::path& data_dir);

class PrintService {
public:
    static std::expected<std::unique_ptr<PrintService>, std::string> create(const PrintSettings& settings,
                                                                            StateDb* state,
                                                                            printer::PrintWorker::ChangeFn on_change);

    std::expected<PreparedSheet, std::string> prepare(printer::Sheet sheet, std::string label);
    std::expected<printer::EncodedJob, std::string> encode(const PreparedSheet& prepared) const;
    std::expected<std::uint64_t, std::string> print(const PreparedSheet& prepared);
    // Prints on the calling thread, to `transport` (a spec; empty: the configured one), and
    // counts the paper. For kioskctl; the screens use print().
    printer::JobResult print_now(const PreparedSheet& prepared, const std::string& transport = {});

    std::optional<printer::JobSnapshot> job(std::uint64_t id) const { return worker_->job(id); }
    std::vector<printer::JobSnapshot> jobs() const { return worker_->jobs(); }
    void retry_now() { worker_->retry_now(); }

    const printer::Profile& profile() const { return profile_; }
    const std::string& transport() const { return transport_; }
    // An estimate from the roll's length and the paper printed since staff last changed it.
    double paper_left_m() const;
    void paper_refilled();

private:
    PrintService() = default;
    printer::Profile profile_;
    std::string transport_;
    std::filesystem::path data_dir_;
    double roll_length_m_ = 50;
    StateDb* state_ = nullptr;
    std::unique_ptr<printer::FontFace> font_;
    std::unique_ptr<printer::PrintWorker> worker_;
};

}  // namespace kiosk::core
