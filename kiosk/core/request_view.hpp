// A 帮办代办 request as the screens, the receipt and kioskctl show it: the kiosk's own view of
// what the outbox keeps, in words a resident's screen needs (where it is, the county's reply),
// with masked personal data only. The outbox's storage types stay behind kiosk/core.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

struct RequestView {
    // Where the request is, as the resident is told.
    enum class Stage {
        waiting_to_send,  // stored here, on its way to the county (retried until it arrives)
        needs_attention,  // the county refused it; staff must look
        received,         // the county has it, no reply yet
        accepted,         // 受理
        in_progress,      // 办理中
        done,             // 办结, with the result
        terminated,       // 终止, with the reason
    };

    std::string request_no;  // on the receipt: "A-20261122-0007"
    std::string idempotency_key;
    std::string item, item_name, service;
    std::string id_masked, phone_masked;
    std::vector<std::string> missing_materials;
    std::string staff;
    std::string submitted_at;  // RFC 3339, the kiosk's clock
    std::string deadline;      // YYYY-MM-DD
    int deadline_working_days = 0;

    Stage stage = Stage::waiting_to_send;
    std::string outbox_state;  // the outbox's word for kioskctl: "queued", "needs-attention", ...
    int attempts = 0;
    std::string last_error;
    std::string case_no;                              // the county's number, once it has it
    std::string reply_state, reply_text, replied_at;  // the latest reply, as the county sent it
    std::string rating;  // satisfied | basically_satisfied | dissatisfied, once given
    bool personal_data_erased = false;

    // After 办结 the resident is asked once how it went.
    bool can_rate() const { return stage == Stage::done && rating.empty(); }
};

// "satisfied" → "满意"; "" for anything else.
std::string_view rating_words(std::string_view rating);

}  // namespace kiosk::core
