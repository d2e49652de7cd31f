// What a scanned payload is for: an item page of this kiosk (open it), a request receipt (open
// the request), a resident ID number (start the status flow), a staff card (ask for the staff
// PIN: the card only opens the PIN pad, the PIN opens staff mode), or something the kiosk does
// not know (say so plainly). Never crashes on any input; a personal payload is never returned whole
// where it could be logged.
#pragma once

#include <string>
#include <string_view>

namespace scanner {

struct PayloadAction {
    enum class Kind { item, request, id, staff, unknown } kind = Kind::unknown;
    std::string id;  // item id, request number, the ID number masked, or the card's name
};

// "item", "request", "id", "staff", "unknown"
std::string_view kind_name(PayloadAction::Kind kind);

// `page_url` is the bundle's item page pattern with "{id}" where the item goes.
PayloadAction classify_payload(std::string_view payload, std::string_view page_url);

// For logs: the length and kind, never the content of a possibly personal payload.
std::string describe_for_log(std::string_view payload, const PayloadAction& action);

}  // namespace scanner
