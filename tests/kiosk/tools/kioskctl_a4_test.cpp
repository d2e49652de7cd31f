// kioskctl print-a4 against a real CUPS: a cupsd of the test's own with a cups-pdf queue (the
// office printer's stand-in, writing each job as a PDF), the job followed through CUPS until it is
// done, and the PDF read back with poppler's tools. And the failures staff meet: a queue that is
// not there, CUPS not running.
#include <cups/cups.h>
#include <doctest/doctest.h>
#include <poll.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "printer/cups_queue.hpp"
#include "support/cups.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

test::Run print_a4(const test::TempDir& dir, const std::string& server, const std::string& args) {
    return test::run_command("CUPS_SERVER='" + server + "' " + std::string(BIN_DIR) +
                                 "/kioskctl --data-dir " + (dir.path / "data").string() +
                                 " print-a4 " + args,
                             dir.path / "err");
}

std::string shell(const std::string& command, const test::TempDir& dir) {
    return test::run_command(command, dir.path / "shell-err").out;
}

// The job's state once it has left CUPS's hands (completed, aborted, canceled), or the last one
// seen when `patience` runs out: a bounded wait on the job itself, asked every 50 ms.

// Page `page` of `pdf` as the share of dark pixels in each row of a 40 dpi picture (poppler's
// pdftoppm), from the first row with ink to the last, in 64 bands: the shape of a page, whatever
// a printer's driver scaled it by.
std::vector<double> page_profile(const std::filesystem::path& pdf, int page,
                                 const test::TempDir& dir) {
    const auto out = dir.path / ("page-" + std::to_string(page));
    const std::string n = std::to_string(page);
    shell("pdftoppm -gray -r 40 -singlefile -f " + n + " -l " + n + " '" + pdf.string() + "' '" +
              out.string() + "'",
          dir);
    std::ifstream in(out.string() + ".pgm", std::ios::binary);
    std::string magic;
    int w = 0, h = 0, max = 0;
    in >> magic >> w >> h >> max;
    in.get();
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h);
    in.read(reinterpret_cast<char*>(px.data()), static_cast<std::streamsize>(px.size()));
    REQUIRE_MESSAGE((magic == "P5" && in && w > 0), "no picture of page " << page << " of " << pdf);
    std::vector<double> rows(static_cast<std::size_t>(h));
    int first = -1, last = -1;
    for (int y = 0; y < h; ++y) {
        int dark = 0;
        for (int x = 0; x < w; ++x) dark += px[static_cast<std::size_t>(y) * w + x] < 128;
        rows[y] = static_cast<double>(dark) / w;
        if (dark > 0) {
            if (first < 0) first = y;
            last = y;
        }
    }
    REQUIRE(first >= 0);
    std::vector<double> bands(64);
    for (int y = first; y <= last; ++y) {
        bands[std::min<std::size_t>(
            63, static_cast<std::size_t>((y - first) * 64 / (last - first + 1)))] += rows[y];
    }
    return bands;
}

double difference(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += std::abs(a[i] - b[i]);
    return sum;
}

}  // namespace

TEST_CASE("kioskctl print-a4 sends an item to a real CUPS queue and cups-pdf writes it on A4") {
    auto cups = test::CupsServer::start();
    REQUIRE_MESSAGE(cups, (cups ? "" : cups.error()));
    REQUIRE_MESSAGE(cups->add_pdf_queue("Office_A4"), "lpadmin could not add the queue");
    test::TempDir dir("ctl-a4");

    const auto r = print_a4(dir, cups->socket(), "dibao --queue Office_A4");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_search(r.out, m,
                                      std::regex("^job Office_A4-([0-9]+) sent to "
                                                 "Office_A4: 明白纸 dibao, ([0-9]+) A4 "
                                                 "pages\n$")),
                    r.out);
    const int job = std::stoi(m[1]);
    CHECK(std::stoi(m[2]) >= 2);

    // Follow the job through CUPS itself (filters, cups-pdf, Ghostscript) until it is done.
    cupsSetServer(cups->socket().c_str());
    const auto state = test::wait_for_cups_job("Office_A4", job, std::chrono::seconds(60));
    REQUIRE_MESSAGE(state == printer::CupsJobState::completed,
                    "job " << job << " " << printer::describe(state) << "\n"
                           << cups->error_log());
    const auto pdfs = cups->pdfs();
    REQUIRE_MESSAGE(pdfs.size() == 1, cups->error_log());

    // What the printer made of it: A4, as many pages as were sent, the job's title.
    const auto info = shell("pdfinfo '" + pdfs[0].string() + "'", dir);
    CHECK_MESSAGE(info.find("Page size:       595 x 842 pts (A4)") != std::string::npos, info);
    CHECK_MESSAGE(info.find(" dibao)") != std::string::npos, info);  // cups-pdf garbles the CJK
    std::smatch pages;
    REQUIRE(std::regex_search(info, pages, std::regex("Pages: +([0-9]+)")));
    CHECK(std::stoi(pages[1]) == std::stoi(m[2]));

    // cups-pdf makes its PDF from PostScript (pdftops, then Ghostscript), which keeps the glyphs'
    // shapes but not the text behind them: so its pages are compared with the PDF kioskctl lays
    // out (whose text pdftotext reads) by the shape of their ink. Its first page looks like ours,
    // not like our second.
    const auto ours = dir.path / "ours.pdf";
    const auto w = print_a4(dir, cups->socket(), "dibao --pdf '" + ours.string() + "'");
    REQUIRE_MESSAGE(w.exit_code == 0, w.err);
    const auto text = shell("pdftotext '" + ours.string() + "' -", dir);
    const auto title = text.find("最低生活保障明白纸");
    const auto heading = text.find("政策规定");
    CHECK_MESSAGE(title != std::string::npos, text);
    CHECK(heading != std::string::npos);
    CHECK(title < heading);
    const auto printed = page_profile(pdfs[0], 1, dir);
    const double same = difference(printed, page_profile(ours, 1, dir));
    const double other = difference(printed, page_profile(ours, 2, dir));
    CHECK_MESSAGE(same * 2 < other,
                  "page 1 differs from ours by " << same << ", from our page 2 by " << other);
}

TEST_CASE("kioskctl print-a4 to a queue CUPS does not have: exit 1 with a plain message") {
    auto cups = test::CupsServer::start();
    REQUIRE_MESSAGE(cups, (cups ? "" : cups.error()));
    test::TempDir dir("ctl-a4");
    const auto r = print_a4(dir, cups->socket(), "notices --date 2026-12-01 --queue Nowhere");
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK_MESSAGE(
        r.err.find("kioskctl: CUPS at " + cups->socket() + " has no queue \"Nowhere\"") == 0,
        r.err);
    CHECK(r.err.find("找不到办公室打印机：请检查打印机是否开着、连着") != std::string::npos);

    // No queue named and no default queue: said so too.
    const auto d = print_a4(dir, cups->socket(), "dibao");
    CHECK(d.exit_code == 1);
    CHECK_MESSAGE(d.err.find("has no default queue") != std::string::npos, d.err);
}

TEST_CASE("kioskctl print-a4 with CUPS not running: exit 1 with a plain message") {
    test::TempDir dir("ctl-a4");
    const std::string nothing = (dir.path / "no-cups.sock").string();
    const auto r = print_a4(dir, nothing, "dibao --queue Office_A4");
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(
        r.err.find("kioskctl: CUPS is not running or cannot be reached at " + nothing) == 0, r.err);
    CHECK(r.err.find("连不上打印服务") != std::string::npos);
}

TEST_CASE(
    "kioskctl print-a4 of an unknown item names where the ids are, and --pdf writes the file") {
    test::TempDir dir("ctl-a4");
    const auto r = print_a4(dir, (dir.path / "no-cups.sock").string(), "dibaoo");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("kioskctl: no item \"dibaoo\": `kioskctl content list` shows the ids") == 0);

    // Without CUPS at all: the PDF for staff to look at or print elsewhere.
    const auto pdf = dir.path / "notices.pdf";
    const auto w = print_a4(dir, (dir.path / "no-cups.sock").string(),
                            "notices --date 2026-12-01 --pdf '" + pdf.string() + "'");
    REQUIRE_MESSAGE(w.exit_code == 0, w.err);
    CHECK(w.out == pdf.string() + ": 通知公告, 1 A4 page\n");
    const auto text = shell("pdftotext '" + pdf.string() + "' -", dir);
    CHECK(text.find("12月主动帮办日改到7日") != std::string::npos);
    CHECK(text.find("低保、特困年度核查开始了") != std::string::npos);
    CHECK(text.find("冬春生活救助登记") == std::string::npos);  // ended in 2025

    // A day without notices: nothing to print, said plainly.
    const auto none = print_a4(dir, (dir.path / "no-cups.sock").string(),
                               "notices --date 2030-01-01 --pdf '" + pdf.string() + "'");
    CHECK(none.exit_code == 1);
    CHECK(none.err.find("no notice is in force on 2030-01-01") != std::string::npos);
}
