// Benefit records from CSV.
#include "net/county/csv_import.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "base/csv.hpp"
#include "base/utf8.hpp"
#include "net/api.hpp"
#include "net/county/id_check.hpp"
#include "net/county/storage.hpp"

namespace county {

std::expected<BenefitRecord, std::string> parse_benefit_line(const std::vector<std::string>& f,
                                                             std::size_t columns) {
    if (f.size() != columns) {
        return std::unexpected(std::to_string(f.size()) + " columns, the header has " +
                               std::to_string(columns));
    }
    BenefitRecord b;
    b.id_number = f[0];
    if (auto valid = check_id_number(b.id_number); !valid) return std::unexpected(valid.error());
    b.item = f[1];
    if (!net::api::is_item(b.item)) return std::unexpected("item: unknown item \"" + b.item + "\"");
    const auto fen = parse_yuan(f[2]);
    if (!fen) return std::unexpected("amount_yuan: \"" + f[2] + "\" is not an amount like 800.00");
    b.amount_fen = *fen;
    const auto start = base::parse_date(f[3]);
    if (!start) return std::unexpected("start_date: \"" + f[3] + "\" is not a date YYYY-MM-DD");
    b.start = *start;
    const std::string& pay = f[4];
    if (pay.empty() || pay.size() > 2 || pay.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(pay) < 1 || std::stoi(pay) > 28) {
        return std::unexpected("pay_day: \"" + pay + "\" is not a day 1 to 28");
    }
    b.pay_day = std::stoi(pay);
    b.status = f[5];
    if (b.status != "active" && b.status != "stopped") {
        return std::unexpected("status: \"" + b.status + "\" is neither active nor stopped");
    }
    if (b.status == "stopped") {
        if (f[6].empty()) return std::unexpected("stop_date: required when status is stopped");
        const auto stop = base::parse_date(f[6]);
        if (!stop) return std::unexpected("stop_date: \"" + f[6] + "\" is not a date YYYY-MM-DD");
        if (*stop < b.start) return std::unexpected("stop_date: before start_date");
        b.stop = *stop;
    } else if (!f[6].empty() || !f[7].empty()) {
        return std::unexpected("stop_date and stop_reason: must be empty when status is active");
    }
    b.stop_reason = f[7];
    if (!base::utf8::is_valid(b.stop_reason) || b.stop_reason.size() > 1000) {
        return std::unexpected("stop_reason: not UTF-8 text of at most 1000 bytes");
    }
    b.review = columns == 9 && !f[8].empty() ? f[8] : "yearly";
    if (b.review != "yearly" && b.review != "halfyear") {
        return std::unexpected("review: \"" + f[8] + "\" is neither yearly nor halfyear");
    }
    return b;
}

std::expected<std::string, std::string> import_benefits(const std::filesystem::path& db,
                                                        const std::filesystem::path& csv) {
    const std::string file = csv.string();
    std::ifstream in(csv, std::ios::binary);
    if (!in) return std::unexpected(file + ": cannot open");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return std::unexpected(file + ": cannot read");
    auto where = [&](std::size_t line, const std::string& what) {
        return std::unexpected(file + ":" + std::to_string(line) + ": " + what);
    };
    const auto rows = base::csv::read(text);
    if (!rows) return where(rows.error().line, rows.error().message);
    if (rows->empty()) return where(1, "empty file, the header is missing");

    std::string header;
    for (const std::string& name : rows->front().fields)
        header += (header.empty() ? "" : ",") + name;
    std::size_t columns = 0;
    if (header == kBenefitCsvHeader) {
        columns = 8;
    } else if (header == std::string(kBenefitCsvHeader) + ",review") {
        columns = 9;
    } else {
        return where(rows->front().line, "the header must be \"" + std::string(kBenefitCsvHeader) +
                                             "\" (and optionally \",review\")");
    }
    std::vector<BenefitRecord> records;
    std::vector<std::string> residents;  // in the order of first appearance
    for (auto row = rows->begin() + 1; row != rows->end(); ++row) {
        auto record = parse_benefit_line(row->fields, columns);
        if (!record) return where(row->line, record.error());
        if (std::find(residents.begin(), residents.end(), record->id_number) == residents.end()) {
            residents.push_back(record->id_number);
        }
        records.push_back(std::move(*record));
    }

    auto store = Store::open(db);
    if (!store) return std::unexpected(store.error());
    if (auto stored = (*store)->replace_benefits(records); !stored) {
        return std::unexpected(stored.error());
    }
    return "imported " + std::to_string(records.size()) + " benefits for " +
           std::to_string(residents.size()) + " residents";
}

}  // namespace county
