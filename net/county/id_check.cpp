// The county's ID number check.
#include "net/county/id_check.hpp"

#include "scanner/id_number.hpp"

namespace county {

std::expected<void, std::string> check_id_number(std::string_view id_number) {
    if (!scanner::verify_check_character(id_number)) {
        return std::unexpected(
            "id_number: not a valid ID number (18 characters, the last a digit or X, and the "
            "check character must match)");
    }
    return {};
}

}  // namespace county
