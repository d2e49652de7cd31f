// The A4 明白纸 for the noticeboard.
#include "kiosk/core/noticeboard.hpp"

#include <memory>
#include <utility>

#include "base/log.hpp"
#include "kiosk/core/sheets.hpp"
#include "printer/cups_queue.hpp"
#include "printer/pdf_sheet.hpp"

namespace kiosk::core {
namespace {

A4Error cups_error(const printer::CupsError& e) {
    using K = printer::CupsError::Kind;
    switch (e.kind) {
        case K::no_server:
            return {A4Error::Kind::no_cups,
                    "连不上打印服务：请重启一体机再试；还不行，请找县里的技术人员", e.message};
        case K::no_queue:
        case K::no_default_queue:
            return {A4Error::Kind::no_printer,
                    "找不到办公室打印机：请检查打印机是否开着、连着，再试一次", e.message};
        case K::refused:
            break;
    }
    return {A4Error::Kind::refused,
            "办公室打印机没有接这份打印：请看看打印机是否开着、有没有纸，再试一次", e.message};
}

}  // namespace

std::expected<A4Document, A4Error> a4_document(const Content& content, std::string_view what,
                                               base::Date date) {
    if (what == kNoticesTarget) {
        if (content.notices_on(date).empty()) {
            return std::unexpected(A4Error{A4Error::Kind::no_notices,
                                           "现在没有正在公告的通知，不用打印",
                                           "no notice is in force on " + date.to_string()});
        }
        return A4Document{notices_sheet(content, date), "通知公告"};
    }
    const Item* item = content.item(what);
    if (!item) {
        return std::unexpected(A4Error{A4Error::Kind::unknown_item,
                                       "没有找到这一项：请回到上一页重新选",
                                       "no item \"" + std::string(what) + "\""});
    }
    return A4Document{item_sheet(content, *item, date), "明白纸 " + item->id};
}

std::expected<A4Pdf, A4Error> a4_pdf(const A4Document& document, const A4Options& options) {
    printer::PdfSheetOptions o;
    o.font_file = options.font;
    o.font_index = options.font_index;
    o.footer = options.station + "　" + options.date.to_string();
    o.title = document.label;
    auto pdf = printer::render_pdf(document.sheet, o);
    if (!pdf) {
        return std::unexpected(A4Error{A4Error::Kind::layout,
                                       "这张纸排不出来：请找县里的技术人员看看",
                                       document.label + " cannot be laid out: " + pdf.error()});
    }
    return A4Pdf{std::move(pdf->bytes), pdf->pages};
}

std::expected<A4Printed, A4Error> print_a4(const A4Document& document, const A4Options& options) {
    auto pdf = a4_pdf(document, options);
    if (!pdf) return std::unexpected(pdf.error());
    auto job = printer::cups_submit(pdf->bytes, options.queue, document.label);
    if (!job) return std::unexpected(cups_error(job.error()));
    return A4Printed{job->id, job->queue, pdf->pages};
}

std::expected<A4Printed, A4Error> print_a4(const Content& content, std::string_view what,
                                           const A4Options& options) {
    auto document = a4_document(content, what, options.date);
    if (!document) return std::unexpected(document.error());
    return print_a4(*document, options);
}

NoticeboardPrinter::NoticeboardPrinter(std::function<void()> wake)
    : worker_("a4", std::move(wake)) {}

Pending<NoticeboardPrinter::Result> NoticeboardPrinter::print_async(const Content& content,
                                                                    std::string_view what,
                                                                    A4Options options) {
    auto document = a4_document(content, what, options.date);
    if (!document) {
        auto done = Pending<Result>::make();
        done.fulfil(std::unexpected(document.error()));
        return done;
    }
    auto shared = std::make_shared<const A4Document>(std::move(*document));
    return worker_.run<Result>([shared, options = std::move(options)]() -> Result {
        auto printed = print_a4(*shared, options);
        if (printed) {
            base::log::info("a4", shared->label, ": job ", printed->job_id, " on ", printed->queue,
                            ", ", printed->pages, " A4 pages");
        } else {
            base::log::error("a4", shared->label, " not printed: ", printed.error().detail);
        }
        return printed;
    });
}

}  // namespace kiosk::core
