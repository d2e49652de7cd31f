// Importing the county's benefit records from a CSV file (county-server import-benefits): read as
// RFC 4180 has it (base/csv), every record checked, all or nothing.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "net/county/benefits.hpp"

namespace county {

// The header line; a 9th column `review` (yearly | halfyear) may follow.
inline constexpr std::string_view kBenefitCsvHeader =
    "id_number,item,amount_yuan,start_date,pay_day,status,stop_date,stop_reason";

// The fields of one data line as a record; the error says what is wrong, naming the column but
// never quoting the ID number ("pay_day: \"29\" is not a day 1 to 28").
std::expected<BenefitRecord, std::string> parse_benefit_line(const std::vector<std::string>& fields,
                                                             std::size_t columns);

// Reads the whole file first: the first bad record is the error "CSV:LINE: what is wrong", LINE
// being the line of the file it starts on (a quoted field may hold line breaks), and nothing is
// imported. Every resident in the file has their earlier records replaced; other
// residents are left alone. Creates the database and its tables if missing. Returns "imported N
// benefits for M residents".
std::expected<std::string, std::string> import_benefits(const std::filesystem::path& db,
                                                        const std::filesystem::path& csv);

}  // namespace county
