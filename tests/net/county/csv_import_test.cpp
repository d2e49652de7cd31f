// Tests net/county/csv_import: re-imports replace a resident's rows, a bad line stops the import
// with FILE:LINE and imports nothing, and the shipped sample imports.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "county_test_support.hpp"

using namespace county_test;

TEST_CASE("a re-import replaces that resident's rows and leaves the others") {
    TempDir dir;
    const auto db = import_sample(dir);
    const std::string again = std::string(kHeader) + kResidentA +
                              ",dibao,650.00,2024-03-01,10,stopped,2026-11-01,迁出本县\n";
    import_csv(db, again, "imported 1 benefits for 1 residents");

    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json a = benefits_of(client, kResidentA);
    REQUIRE(a.size() == 1);
    const json replaced = {{"amount_yuan", "650.00"},
                           {"status", "stopped"},
                           {"stop_reason", "迁出本县"},
                           {"last_payment_date", "2026-10-10"}};
    CHECK(part_of(a[0], replaced) == replaced);
    CHECK(benefits_of(client, kResidentB).size() == 1);
    CHECK(benefits_of(client, kResidentC).size() == 1);
}

TEST_CASE("a bad CSV line stops the import with FILE:LINE and imports nothing") {
    TempDir dir;
    const auto db = import_sample(dir);

    // Line 2 is good and would replace resident A's row; line 3 is bad.
    const std::string good = std::string(kResidentA) + ",dibao,999.00,2024-03-01,10,active,,\n";
    struct Bad {
        std::string line, complaint;
    };
    const std::vector<Bad> bad_lines = {
        {"990102195803120016,dibao,600,2024-03-01,10,active,,", "id_number"},
        {std::string(kResidentB) + ",pension,600,2024-03-01,10,active,,", "unknown item"},
        {std::string(kResidentB) + ",dibao,600,2024-02-30,10,active,,", "start_date"},
        {std::string(kResidentB) + ",dibao,600,2024/03/01,10,active,,", "start_date"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,stopped,2026-13-01,x", "stop_date"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,0,active,,", "pay_day"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,29,active,,", "pay_day"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,ten,active,,", "pay_day"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,paused,,", "status"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,stopped,,收入超标", "stop_date"},
        {std::string(kResidentB) + ",dibao,6x0,2024-03-01,10,active,,", "amount_yuan"},
        {std::string(kResidentB) + ",dibao,600,2024-03-01,10,active", "columns"},
    };
    // After the bad line, the good rows of the sample: none of them may come in either.
    const std::string rest = sample_csv().substr(std::string(kHeader).size());
    for (const Bad& bad : bad_lines) {
        CAPTURE(bad.line);
        const auto csv =
            write_file(dir.path / "bad.csv", std::string(kHeader) + good + bad.line + "\n" + rest);
        auto result = county::import_benefits(db, csv);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().rfind(csv.string() + ":3: ", 0) == 0);
        CHECK(result.error().find(bad.complaint) != std::string::npos);
    }

    // A wrong header is line 1.
    const auto header = write_file(dir.path / "header.csv", "id,item\n" + good);
    auto wrong = county::import_benefits(db, header);
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().rfind(header.string() + ":1: ", 0) == 0);
    CHECK_FALSE(county::import_benefits(db, dir.path / "missing.csv").has_value());

    // Nothing of the bad files came in: resident A still has the first import's row.
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json a = benefits_of(client, kResidentA);
    REQUIRE(a.size() == 1);
    CHECK(a[0]["amount_yuan"] == "600.00");
}

TEST_CASE("the shipped sample benefits import, with valid fictional ID numbers") {
    TempDir dir;
    auto summary =
        county::import_benefits(dir.path / "county.db", SOURCE_DIR "/net/sample_benefits.csv");
    REQUIRE_MESSAGE(summary.has_value(), (summary ? "" : summary.error()));
    CHECK(*summary == "imported 3 benefits for 3 residents");
}

TEST_CASE("quoted fields may hold line breaks, commas and quotes, and a bad row names its line") {
    TempDir dir;
    const auto db = dir.path / "county.db";
    // From a spreadsheet: a BOM, CRLF line ends, a reason over two lines with a comma and quotes
    // in it, and empty fields both bare and quoted.
    const std::string header = std::string(kHeader).substr(0, std::string(kHeader).size() - 1);
    const std::string csv = "\xEF\xBB\xBF" + header + "\r\n" + kResidentA +
                            ",dibao,600.00,2024-03-01,10,active,\"\",\r\n" + kResidentC +
                            ",dibao,550.5,2022-09-01,10,stopped,2026-06-30,\"收入超标，\r\n"
                            "见\"\"复核意见\"\", 第2页\"\r\n";
    import_csv(db, csv, "imported 2 benefits for 2 residents");
    auto server = start_benefits_server(db);
    httplib::Client client(server->url());
    const json c = benefits_of(client, kResidentC);
    REQUIRE(c.size() == 1);
    CHECK(c[0]["stop_reason"] == "收入超标，\r\n见\"复核意见\", 第2页");
    CHECK(benefits_of(client, kResidentA)[0]["stop_reason"] == "");

    // The bad row comes after the record that spans lines 3 and 4: it is line 5 of the file.
    const auto bad = write_file(dir.path / "bad.csv",
                                csv + kResidentB + ",dibao,600,2024-03-01,29,active,,\r\n");
    auto result = county::import_benefits(db, bad);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().rfind(bad.string() + ":5: pay_day", 0) == 0);

    // A quote left open runs to the end of the file: the error names the line it opened on.
    const auto open = write_file(dir.path / "open.csv",
                                 std::string(kHeader) + kResidentB +
                                     ",dibao,600,2024-03-01,10,active,,\"never closed\n" +
                                     kResidentA + ",dibao,600.00,2024-03-01,10,active,,\n");
    auto unclosed = county::import_benefits(db, open);
    REQUIRE_FALSE(unclosed.has_value());
    CHECK(unclosed.error().rfind(open.string() + ":2: ", 0) == 0);
    CHECK(unclosed.error().find("quote") != std::string::npos);
}

TEST_CASE("parse_benefit_line names the column that is wrong, never the ID number") {
    auto fields = [](std::string id) {
        return std::vector<std::string>{std::move(id), "dibao",  "600", "2024-03-01",
                                        "10",          "active", "",    ""};
    };
    auto good = county::parse_benefit_line(fields(kResidentB), 8);
    REQUIRE(good.has_value());
    CHECK(good->id_number == kResidentB);
    CHECK(good->amount_fen == 60000);
    CHECK(good->review == "yearly");

    auto bad_id = county::parse_benefit_line(fields("990102195803120016"), 8);
    REQUIRE_FALSE(bad_id.has_value());
    CHECK(bad_id.error().rfind("id_number:", 0) == 0);
    CHECK(bad_id.error().find("990102195803120016") == std::string::npos);
    // Lower-case x is not the API's form: the county takes numbers as the kiosks send them.
    CHECK_FALSE(county::parse_benefit_line(fields("99010219621105002x"), 8).has_value());
    CHECK_FALSE(county::parse_benefit_line(fields(kResidentB), 9).has_value());
}
