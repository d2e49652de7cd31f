// kioskctl print-a4: an item's 明白纸 or the notices on A4, for the noticeboard, through CUPS.
#include <iostream>
#include <memory>
#include <string>

#include "base/date.hpp"
#include "base/durable_file.hpp"
#include "kiosk/core/noticeboard.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {
namespace {

struct Options {
    std::string what;   // an item id or "notices"
    std::string queue;  // --queue
    std::string pdf;    // --pdf FILE
    std::string date;   // --date YYYY-MM-DD
};

// Both words: the English for whoever reads the shell, the Chinese the staff screen would show.
int refuse(const kiosk::core::A4Error& e) {
    fail(1, e.detail);
    std::cerr << e.message << "\n";
    return 1;
}

}  // namespace

void add_noticeboard_commands(CLI::App& cli, Session& s) {
    auto o = std::make_shared<Options>();
    auto* cmd = cli.add_subcommand(
        "print-a4",
        "Print an item's 明白纸, or the notices in force, on A4 for the noticeboard, through the "
        "office printer's CUPS queue (exit 0 the job is with CUPS, 1 it is not: the message says "
        "why)");
    cmd->add_option("what", o->what,
                    "An item's id (see `kioskctl content list`), or \"notices\" for every notice "
                    "in force")
        ->required();
    cmd->add_option("--queue", o->queue,
                    "The CUPS queue (default: the config's [printer] a4_queue, else CUPS's "
                    "default queue); CUPS_SERVER names another CUPS server");
    cmd->add_option("--pdf", o->pdf,
                    "Write the PDF to this file instead of printing it (to look at, or to print "
                    "elsewhere)");
    cmd->add_option("--date", o->date,
                    "YYYY-MM-DD: the day whose notices are printed, also on each page's foot "
                    "(default: today)");
    cmd->add_option("--bundle", s.bundle_flag, "Read this bundle instead of the active one");
    on_run(cmd, s, [&s, o]() -> int {
        const auto* c = s.config();
        if (!c) return 2;
        base::Date day = base::today_local();
        if (!o->date.empty()) {
            const auto parsed = base::parse_date(o->date);
            if (!parsed) return fail(2, "--date: expected YYYY-MM-DD, got \"", o->date, "\"");
            day = *parsed;
        }
        const auto content = s.content();
        if (!content) return 2;
        auto document = kiosk::core::a4_document(*content, o->what, day);
        if (!document) {
            if (document.error().kind == kiosk::core::A4Error::Kind::unknown_item) {
                return fail(1, document.error().detail,
                            ": `kioskctl content list` shows the ids, or say \"notices\"");
            }
            return refuse(document.error());
        }
        kiosk::core::A4Options options;
        options.queue = o->queue.empty() ? c->printer.a4_queue : o->queue;
        options.station = c->station.name;
        options.date = day;
        options.font = c->ui.font;
        options.font_index = c->ui.font_index;

        if (!o->pdf.empty()) {
            auto pdf = kiosk::core::a4_pdf(*document, options);
            if (!pdf) return refuse(pdf.error());
            if (auto ok = base::write_file_durably(o->pdf, pdf->bytes); !ok) {
                return fail(1, "cannot write ", o->pdf, ": ", ok.error());
            }
            std::cout << o->pdf << ": " << document->label << ", " << pdf->pages
                      << (pdf->pages == 1 ? " A4 page\n" : " A4 pages\n");
            return 0;
        }
        auto printed = kiosk::core::print_a4(*document, options);
        if (!printed) return refuse(printed.error());
        std::cout << "job " << printed->queue << "-" << printed->job_id << " sent to "
                  << printed->queue << ": " << document->label << ", " << printed->pages
                  << (printed->pages == 1 ? " A4 page\n" : " A4 pages\n");
        return 0;
    });
}

}  // namespace kioskctl
