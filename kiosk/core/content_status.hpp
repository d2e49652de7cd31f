// What staff and the heartbeat say of the content on screen: its version, its signer, and
// whether it is past its expiry.
#pragma once

#include <string>

#include "base/date.hpp"

namespace kiosk::core {

// Content past its expiry stays on screen all the same (old content beats none); staff are told
// so they can ask the county.
struct ContentStatus {
    long long version = 0;
    base::Date expires;
    bool expired = false;
    std::string key_id;  // "" for the default bundle
};

}  // namespace kiosk::core
