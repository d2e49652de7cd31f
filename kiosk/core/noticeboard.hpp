// The A4 明白纸 for the station's noticeboard (reference/001: 张贴): an item's page, or the notices
// in force, laid out on A4 (the same sheet the thermal printer gets) and sent to the office
// printer's CUPS queue. kioskctl calls print_a4 on its own thread; a staff screen posts
// print_async and shows 「正在打印…」 until the Pending holds the outcome.
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <string_view>

#include "base/date.hpp"
#include "kiosk/core/content.hpp"
#include "kiosk/core/worker.hpp"
#include "printer/sheet.hpp"

namespace kiosk::core {

// What print_a4 takes instead of an item id: every notice in force.
inline constexpr std::string_view kNoticesTarget = "notices";

struct A4Options {
    std::string queue;    // the CUPS queue; "" = CUPS's default ([printer] a4_queue)
    std::string station;  // on every page's foot, with the date
    base::Date date;      // the day: the notices in force then, and the date on the foot
    std::string font;     // [ui] font and font_index
    int font_index = 2;
};

struct A4Printed {
    int job_id = 0;
    std::string queue;  // the queue it went to (the default's name when none was named)
    int pages = 0;
};

struct A4Error {
    enum class Kind {
        unknown_item,  // no item of that id
        no_notices,    // "notices", and none in force that day
        layout,        // the font cannot be read, a QR code cannot be made
        no_cups,       // CUPS is not running or cannot be reached
        no_printer,    // no such queue, or no default one
        refused,       // the queue did not take the job
    } kind = Kind::refused;
    std::string message;  // for staff: plain Simplified Chinese, with what to do next
    std::string detail;   // for the log and kioskctl, in English
};

// The sheet for `what` (an item id or kNoticesTarget) and its name for the queue and the log.
struct A4Document {
    printer::Sheet sheet;
    std::string label;  // "明白纸 dibao", "通知公告"
};
std::expected<A4Document, A4Error> a4_document(const Content& content, std::string_view what,
                                               base::Date date);

struct A4Pdf {
    std::string bytes;
    int pages = 0;
};
// The document on A4 pages as a PDF, with the station and date on each page's foot.
std::expected<A4Pdf, A4Error> a4_pdf(const A4Document& document, const A4Options& options);

// Lays out and sends the PDF to the queue; returns once CUPS has the job. Blocks: for kioskctl,
// or a worker.
std::expected<A4Printed, A4Error> print_a4(const A4Document& document, const A4Options& options);
std::expected<A4Printed, A4Error> print_a4(const Content& content, std::string_view what,
                                           const A4Options& options);

// For the staff screen: the sheet is made on the calling thread (it copies text, so the content
// may change afterwards), the layout and the talk with CUPS happen on a worker of its own.
class NoticeboardPrinter {
  public:
    using Result = std::expected<A4Printed, A4Error>;
    // `wake` is called from the worker when a job's outcome is in.
    explicit NoticeboardPrinter(std::function<void()> wake = {});
    Pending<Result> print_async(const Content& content, std::string_view what, A4Options options);
    Worker& worker() { return worker_; }

  private:
    Worker worker_;
};

}  // namespace kiosk::core
