// Resident ID numbers.
#include "scanner/id_number.hpp"

#include <algorithm>

namespace scanner {

std::string_view describe(IdProblem p) {
    switch (p) {
        case IdProblem::wrong_length:
            return "身份证号是18位，请数一数";
        case IdProblem::bad_characters:
            return "身份证号只有数字，最后一位可能是X";
        case IdProblem::impossible_date:
            return "出生日期不对，请再核对一下";
        case IdProblem::future_date:
            return "出生日期在今天以后，请再核对一下";
        case IdProblem::before_1900:
            return "出生年份太早了，请再核对一下";
        case IdProblem::wrong_check:
            return "最后一位不对，请再核对一下";
    }
    return "号码不对，请再核对一下";
}

std::string_view reason_code(IdProblem p) {
    switch (p) {
        case IdProblem::wrong_length:
            return "wrong_length";
        case IdProblem::bad_characters:
            return "bad_characters";
        case IdProblem::impossible_date:
            return "impossible_date";
        case IdProblem::future_date:
            return "future_date";
        case IdProblem::before_1900:
            return "before_1900";
        case IdProblem::wrong_check:
            return "wrong_check";
    }
    return "invalid";
}

char id_check_character(std::string_view first17) {
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kChecks[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
    return kChecks[sum % 11];
}

namespace {

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 17 digits, then a digit or X.
bool id18_characters(std::string_view s) {
    return all_digits(s.substr(0, 17)) && (all_digits(s.substr(17)) || s[17] == 'X');
}

std::expected<base::Date, IdProblem> birth_of(std::string_view yyyymmdd, base::Date today) {
    const int y = std::stoi(std::string(yyyymmdd.substr(0, 4)));
    const int m = std::stoi(std::string(yyyymmdd.substr(4, 2)));
    const int d = std::stoi(std::string(yyyymmdd.substr(6, 2)));
    if (y < 1900) return std::unexpected(IdProblem::before_1900);
    if (!base::is_valid_date(y, m, d)) return std::unexpected(IdProblem::impossible_date);
    const base::Date birth{y, m, d};
    if (birth > today) return std::unexpected(IdProblem::future_date);
    return birth;
}

}  // namespace

std::expected<std::string, IdProblem> convert_id15(std::string_view id15) {
    if (id15.size() != 15) return std::unexpected(IdProblem::wrong_length);
    if (!all_digits(id15)) return std::unexpected(IdProblem::bad_characters);
    std::string s = std::string(id15.substr(0, 6)) + "19" + std::string(id15.substr(6));
    s += id_check_character(s);
    return s;
}

std::expected<void, IdProblem> verify_check_character(std::string_view id18) {
    if (id18.size() != 18) return std::unexpected(IdProblem::wrong_length);
    if (!id18_characters(id18)) return std::unexpected(IdProblem::bad_characters);
    if (id_check_character(id18) != id18[17]) return std::unexpected(IdProblem::wrong_check);
    return {};
}

std::expected<IdNumber, IdProblem> IdNumber::parse(std::string_view text, base::Date today) {
    std::string s(text);
    // Whatever copy this leaves behind, taken or refused, is wiped on the way out.
    struct WipeOnExit {
        std::string& s;
        ~WipeOnExit() { base::wipe(s); }
    } wipe_s{s};
    // Spaces a scanner or a person put in are not part of the number.
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.size() == 15) {
        auto converted = convert_id15(s);
        if (!converted) return std::unexpected(converted.error());
        base::wipe(s);
        s.append(*converted);
        base::wipe(*converted);
    }
    if (s.size() != 18) return std::unexpected(IdProblem::wrong_length);
    if (s[17] == 'x') s[17] = 'X';
    if (!id18_characters(s)) return std::unexpected(IdProblem::bad_characters);
    auto birth = birth_of(std::string_view(s).substr(6, 8), today);
    if (!birth) return std::unexpected(birth.error());
    if (id_check_character(s) != s[17]) return std::unexpected(IdProblem::wrong_check);
    return IdNumber(base::Secret(std::string_view(s)), *birth);
}

std::string IdNumber::masked() const {
    return mask_id_text(digits_.view());
}

std::string mask_id_text(std::string_view text) {
    if (text.size() <= 8) return std::string(text.size(), '*');
    return std::string(text.substr(0, 4)) + std::string(text.size() - 8, '*') +
           std::string(text.substr(text.size() - 4));
}

}  // namespace scanner
