// The A4 PDF of a sheet, read back as a person and a program would: poppler's pdftotext for the
// text and its order, pdfinfo for pages and size, and a QR reader other than ours (zbarimg) on the
// page as pdftoppm draws it.
#include "printer/pdf_sheet.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <string>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace {

using printer::PdfSheetOptions;
using printer::Sheet;

constexpr const char* kFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

PdfSheetOptions options() {
    PdfSheetOptions o;
    o.font_file = kFont;
    o.font_index = 2;
    o.footer = "幸福村社会救助服务站　2026-12-01";
    o.title = "测试";
    return o;
}

std::filesystem::path write(const test::TempDir& dir, const std::string& bytes) {
    const auto path = dir.path / "sheet.pdf";
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

std::string run(const test::TempDir& dir, const std::string& command) {
    const auto r = test::run_command(command, dir.path / "err");
    REQUIRE_MESSAGE(r.exit_code == 0, command << ": " << r.err);
    return r.out;
}

// A sheet longer than a page, with a sentence to find and a QR code at its end.
Sheet long_sheet() {
    Sheet s;
    s.title("最低生活保障明白纸");
    s.paragraph("家里收入太少，日子难过，可以申请低保。");
    for (int i = 1; i <= 12; ++i) {
        s.heading("第" + std::to_string(i) + "部分");
        s.paragraph(
            "申请后，镇（乡）会查一查家里的收入和财产。还会派人到家里看看，再在村里张榜公示。"
            "公示没有人提出异议的，不再开评议会。");
        s.bullets({"户口簿，家里每个人的身份证。", "低保申请书。不会写的，工作人员帮您填。"});
    }
    s.paragraph("弄虚作假骗领的，钱要退回，还可能被罚款。");
    s.rule();
    s.qr("https://mz.example.gov.cn/item/dibao", "手机扫一扫，随时再看这一页");
    s.key_values({{"打印日期", "2026-12-01"}});
    return s;
}

}  // namespace

TEST_CASE("a long sheet on A4: several pages, its text in order, numbered on each page's foot") {
    test::TempDir dir("pdf-sheet");
    auto pdf = printer::render_pdf(long_sheet(), options());
    REQUIRE_MESSAGE(pdf, (pdf ? "" : pdf.error()));
    CHECK(pdf->pages >= 2);
    const auto path = write(dir, pdf->bytes);

    const auto info = run(dir, "pdfinfo '" + path.string() + "'");
    CHECK(info.find("Page size:       595.276 x 841.89 pts (A4)") != std::string::npos);
    CHECK(info.find("Pages:           " + std::to_string(pdf->pages) + "\n") != std::string::npos);
    CHECK(info.find("Title:           测试") != std::string::npos);

    const auto text = run(dir, "pdftotext '" + path.string() + "' -");
    const auto title = text.find("最低生活保障明白纸");
    const auto first = text.find("家里收入太少，日子难过，可以申请低保。");
    const auto last = text.find("弄虚作假骗领的，钱要退回，还可能被罚款。");
    CHECK_MESSAGE(title != std::string::npos, text);
    CHECK(first != std::string::npos);
    CHECK(last != std::string::npos);
    CHECK(title < first);
    CHECK(first < last);
    // "第 1 页 / 共 N 页" (pdftotext guesses the spaces, so they are left out here).
    std::string compact;
    for (char c : text) {
        if (c != ' ') compact += c;
    }
    const std::string total = std::to_string(pdf->pages);
    CHECK(compact.find("第1页/共" + total + "页") != std::string::npos);
    CHECK(compact.find("第" + total + "页/共" + total + "页") != std::string::npos);
    CHECK(text.find("幸福村社会救助服务站") != std::string::npos);

    // The QR code at the end reads, drawn as squares, to another reader than the kiosk's.
    run(dir, "pdftoppm -png -r 150 -f " + total + " -l " + total + " -singlefile '" +
                 path.string() + "' '" + (dir.path / "last").string() + "'");
    const auto code = run(dir, "zbarimg -q --raw '" + (dir.path / "last.png").string() + "'");
    CHECK(code == "https://mz.example.gov.cn/item/dibao\n");
}

TEST_CASE("a word longer than the line wraps inside the page, and every glyph is drawn") {
    test::TempDir dir("pdf-sheet");
    Sheet s;
    const std::string url = "https://mz.example.gov.cn/" + std::string(160, 'a') + "/end";
    s.paragraph("网上申请：" + url);
    s.paragraph("您也要承诺如实申报。");
    auto pdf = printer::render_pdf(s, options());
    REQUIRE_MESSAGE(pdf, (pdf ? "" : pdf.error()));
    CHECK(pdf->pages == 1);
    const auto path = write(dir, pdf->bytes);

    // Each word's box (pdftotext -bbox) ends inside the right margin (18 mm from the edge).
    const auto boxes = run(dir, "pdftotext -bbox '" + path.string() + "' -");
    const std::regex word("xMax=\"([0-9.]+)\"");
    int words = 0;
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word);
         it != std::sregex_iterator(); ++it) {
        ++words;
        CHECK(std::stod((*it)[1]) <= 595.28 - 18 * 72 / 25.4 + 1);
    }
    CHECK(words > 3);
    const auto text = run(dir, "pdftotext '" + path.string() + "' -");
    std::string joined;
    for (char c : text) {
        if (c != '\n') joined += c;
    }
    CHECK_MESSAGE(joined.find(url) != std::string::npos, text);
    CHECK(text.find("您也要承诺如实申报。") != std::string::npos);
    // The glyphs are FreeType's outlines in a Type 3 font: cairo's own subset of the CFF font
    // would lose some, 如 among them (boxes in Ghostscript, nothing in poppler).
    const auto fonts = run(dir, "pdffonts '" + path.string() + "'");
    CHECK(fonts.find("Type 3") != std::string::npos);
}

TEST_CASE("a font file that cannot be read is an error value, not a PDF in another font") {
    PdfSheetOptions o = options();
    o.font_file = "/nonexistent/font.ttc";
    auto pdf = printer::render_pdf(long_sheet(), o);
    REQUIRE_FALSE(pdf);
    CHECK(pdf.error().find("/nonexistent/font.ttc") != std::string::npos);
}
