// Tests scanner/id_number: GB 11643 check characters on generated numbers, each kind of invalid
// number, the 15-to-18 conversion, and that the value masks itself.
#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include "scanner/id_number.hpp"

using namespace scanner;

namespace {

const base::Date kToday{2026, 11, 22};

// A fictional number: region, birth date, sequence, and its computed check character.
std::string make_id(const std::string& region, base::Date birth, int sequence) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%04d%02d%02d%03d", region.c_str(), birth.year, birth.month,
                  birth.day, sequence);
    std::string s(buf);
    return s + id_check_character(s);
}

}  // namespace

TEST_CASE("generated numbers with their computed check character are valid") {
    std::mt19937 rng(11643);
    for (int i = 0; i < 2000; ++i) {
        const auto birth =
            base::Date{1900, 1, 1}.plus_days(std::uniform_int_distribution<int>(0, 46000)(rng));
        const int seq = std::uniform_int_distribution<int>(0, 999)(rng);
        const auto id = make_id(
            std::to_string(std::uniform_int_distribution<int>(110000, 659999)(rng)), birth, seq);
        CAPTURE(id);
        auto parsed = IdNumber::parse(id, kToday);
        REQUIRE(parsed);
        CHECK(parsed->birth_date() == birth);
        CHECK(parsed->male() == (seq % 2 == 1));
    }
    // The published example: 11010519491231002X.
    CHECK(id_check_character("11010519491231002") == 'X');
}

TEST_CASE("each kind of invalid number is named") {
    const auto good = make_id("370102", {1956, 3, 15}, 123);
    auto problem = [&](const std::string& s) { return IdNumber::parse(s, kToday).error(); };
    CHECK(problem(good.substr(0, 17)) == IdProblem::wrong_length);
    CHECK(problem(good + "1") == IdProblem::wrong_length);
    CHECK(problem("37010219560315A12" + good.substr(17)) == IdProblem::bad_characters);
    std::string wrong = good;
    wrong[17] = wrong[17] == '1' ? '2' : '1';
    CHECK(problem(wrong) == IdProblem::wrong_check);
    CHECK(problem(make_id("370102", {1956, 2, 1}, 123).replace(10, 4, "0230")) ==
          IdProblem::impossible_date);
    CHECK(problem(make_id("370102", {2027, 1, 1}, 123)) == IdProblem::future_date);
    std::string old = "37010218991231123";
    old += id_check_character(old);
    CHECK(problem(old) == IdProblem::before_1900);
    CHECK(describe(IdProblem::wrong_check) == "最后一位不对，请再核对一下");
}

TEST_CASE("lower-case x and spaces from a scanner or a person are accepted") {
    CHECK(IdNumber::parse("11010519491231002x", kToday));
    CHECK(IdNumber::parse("110105 19491231 002X", kToday));
}

TEST_CASE("the 15-digit legacy form converts to 18") {
    CHECK(convert_id15("110105491231002") == "11010519491231002X");
    auto parsed = IdNumber::parse("110105491231002", kToday);
    REQUIRE(parsed);
    CHECK(parsed->full_number_for_transmission() == "11010519491231002X");
    CHECK(convert_id15("11010549123100") == std::unexpected(IdProblem::wrong_length));
    CHECK(convert_id15("11010549123100A") == std::unexpected(IdProblem::bad_characters));
}

TEST_CASE("the value masks itself when printed or shown: at most the first 4 and last 4") {
    auto id = IdNumber::parse("11010519491231002X", kToday);
    REQUIRE(id);
    CHECK(id->masked() == "1101**********002X");
    std::ostringstream out;
    out << *id;
    CHECK(out.str() == "1101**********002X");
    CHECK(out.str().find("19491231") == std::string::npos);
}

TEST_CASE("verify_check_character checks the API's form only: 18 characters and the check") {
    CHECK(verify_check_character("11010519491231002X"));
    // The date is not looked at: an impossible and a future birth date pass when the check does.
    const std::string impossible = make_id("370102", {2026, 2, 28}, 123).replace(10, 4, "0230");
    std::string fixed = impossible.substr(0, 17);
    fixed += id_check_character(fixed);
    CHECK(verify_check_character(fixed));
    CHECK(verify_check_character(make_id("370102", {2027, 1, 1}, 123)));
    // Nothing is normalised: no lower-case x, no spaces, no 15-digit form.
    CHECK(verify_check_character("11010519491231002x") ==
          std::unexpected(IdProblem::bad_characters));
    CHECK(verify_check_character("110105 19491231 002X") ==
          std::unexpected(IdProblem::wrong_length));
    CHECK(verify_check_character("110105491231002") == std::unexpected(IdProblem::wrong_length));
    CHECK(verify_check_character("110105194912310021") == std::unexpected(IdProblem::wrong_check));
    CHECK(verify_check_character("1101051949123100X2") ==
          std::unexpected(IdProblem::bad_characters));
}
