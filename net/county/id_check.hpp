// The county's check of a resident's ID number: what net/API.md promises (18 characters, the last
// a digit or X, and a check character that matches), by the scanner's GB 11643 code.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace county {

// The error is the message of the 400 answer and of a bad CSV line: "id_number: not a valid ID
// number (…)". The birth date is not checked: see scanner::verify_check_character.
std::expected<void, std::string> check_id_number(std::string_view id_number);

}  // namespace county
