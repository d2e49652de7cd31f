// What `county-server requests` prints: a table for people, or JSON for scripts.
#pragma once

#include <ostream>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "net/county/storage.hpp"

namespace county {

// One object per request, every field of ReceivedRequest.
nlohmann::json requests_json(const std::vector<ReceivedRequest>& requests);

// One line per request under a header; "no requests received" when there are none.
void print_requests_table(std::ostream& out, const std::vector<ReceivedRequest>& requests);

}  // namespace county
