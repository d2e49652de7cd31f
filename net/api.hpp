// The JSON bodies of the county API (net/API.md), defined once for both ends: the kiosk's client
// (net/sync_worker, net/benefits) and the reference county server (net/county). A plain struct
// per body, its JSON, and the checks a reader of that body makes, failing with a message that
// names the field ("item: unknown item \"foo\"").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/secret.hpp"

// A secret goes into a body as its text and comes out of one into a Secret; the JSON's own copy
// is the caller's to wipe (base::wipe on the dumped body).
template <>
struct nlohmann::adl_serializer<base::Secret> {
    static void to_json(nlohmann::json& j, const base::Secret& s);
    static void from_json(const nlohmann::json& j, base::Secret& s);
};

namespace net::api {

// The item codes of the eight assistance items and their variants.
inline constexpr std::array<std::string_view, 10> kItems = {
    "dibao",  "tekun",  "dibao_bianyuan", "gangxing", "linshi",
    "yiliao", "jiaoyu", "zhufang",        "jiuye",    "shouzai"};
// The states of a reply: 受理, 办理中, 办结, 终止.
inline constexpr std::array<std::string_view, 4> kReplyStates = {"accepted", "in_progress", "done",
                                                                 "terminated"};
// The resident's evaluation: 满意, 基本满意, 不满意.
inline constexpr std::array<std::string_view, 3> kRatings = {"satisfied", "basically_satisfied",
                                                             "dissatisfied"};
bool is_item(std::string_view code);
bool is_reply_state(std::string_view state);
bool is_rating(std::string_view rating);

// --- POST /api/v1/requests --------------------------------------------------------------------

struct RequestSubmission {
    std::string idempotency_key, kiosk_id, local_no, item, service;
    base::Secret id_number;  // 18 characters, upper-case X
    base::Secret phone;      // may be ""
    std::vector<std::string> missing_materials;
    std::string submitted_at;  // RFC 3339 with offset
    bool operator==(const RequestSubmission&) const = default;
};
nlohmann::json to_json(const RequestSubmission& request);
// All nine fields present, strings of a sensible length (missing_materials: at most 100
// non-empty strings), a known item, a phone of digits, +, - and spaces, an RFC 3339 time. The ID
// number's check character is not looked at here: the county checks it with the scanner's
// GB 11643 code, which the kiosk's net library does not link. Unknown fields are ignored.
std::expected<RequestSubmission, std::string> parse_request_submission(const nlohmann::json& body);

// missing_materials as the kiosk's outbox and the county keep it in a TEXT column: its JSON
// array. Bytes that are not UTF-8 are replaced rather than refused: a stored request must not
// fail on them. Reading takes the strings of an array; anything else reads as no materials.
std::string materials_to_text(const std::vector<std::string>& materials);
std::vector<std::string> materials_from_text(std::string_view text);

// The answer, 201 for a new request and 200 for a key seen before.
struct RequestAnswer {
    std::string case_no;  // "C-000123"
    std::string state = "received";
    std::string received_at;  // RFC 3339
    bool operator==(const RequestAnswer&) const = default;
};
nlohmann::json to_json(const RequestAnswer& answer);
// Only a non-empty case_no is required: it is all the kiosk keeps. The others read as "" when
// missing or not strings.
std::expected<RequestAnswer, std::string> parse_request_answer(const nlohmann::json& body);

// --- GET /api/v1/replies ----------------------------------------------------------------------

struct Reply {
    std::int64_t cursor = 0;
    std::string case_no, idempotency_key, state, text, replied_at;
    bool operator==(const Reply&) const = default;
};
struct RepliesPage {
    std::vector<Reply> replies;
    std::int64_t next = 0;
    // Entries of the list that were not objects, skipped by the reader (never written).
    std::size_t unreadable = 0;
    bool operator==(const RepliesPage&) const = default;
};
nlohmann::json to_json(const Reply& reply);
nlohmann::json to_json(const RepliesPage& page);
// "replies" must be an array and "next" a whole number. An entry that is not an object is
// counted in `unreadable`; a field of an entry that is missing or of another type reads as ""
// (cursor 0): one bad entry must not hold up the rest, the kiosk skips what it cannot apply.
std::expected<RepliesPage, std::string> parse_replies_page(const nlohmann::json& body);

// --- POST /api/v1/requests/{case_no}/evaluation -----------------------------------------------

struct Evaluation {
    std::string idempotency_key, rating;
    bool operator==(const Evaluation&) const = default;
};
nlohmann::json to_json(const Evaluation& evaluation);
// idempotency_key a string of 1 to 128 bytes, rating one of kRatings.
std::expected<Evaluation, std::string> parse_evaluation(const nlohmann::json& body);

struct EvaluationAnswer {
    std::string case_no, rating;
    bool operator==(const EvaluationAnswer&) const = default;
};
nlohmann::json to_json(const EvaluationAnswer& answer);
std::expected<EvaluationAnswer, std::string> parse_evaluation_answer(const nlohmann::json& body);

// --- POST /api/v1/benefits/query --------------------------------------------------------------

struct BenefitQuery {
    base::Secret id_number;
    bool consent = false;  // the resident agreed; the county refuses anything but true
    bool operator==(const BenefitQuery&) const = default;
};
nlohmann::json to_json(const BenefitQuery& query);
// consent must be the JSON true, id_number a string of 1 to 64 bytes (its check character is
// the county's to check, as for requests).
std::expected<BenefitQuery, std::string> parse_benefit_query(const nlohmann::json& body);

// One benefit (享受待遇信息) as of the county's today.
struct Benefit {
    std::string item;                                  // "dibao"
    std::string amount_yuan;                           // "800.00"
    std::string start_date;                            // YYYY-MM-DD
    int pay_day = 10;                                  // paid by the Nth of each month, 1..28
    std::string status;                                // "active" or "stopped"
    std::string stop_date, stop_reason;                // "" while active
    std::string last_payment_date, last_payment_yuan;  // "" before the first pay day
    std::string next_review;                           // "" when stopped
    bool operator==(const Benefit&) const = default;
};
nlohmann::json to_json(const Benefit& benefit);
// The answer: {"benefits": [...]}, empty for no record.
nlohmann::json benefits_to_json(const std::vector<Benefit>& benefits);
// "benefits" an array of objects, each with item, amount_yuan, start_date, status (strings) and
// pay_day (a whole number); the other fields read as "" when missing, and are an error when
// present with another type.
std::expected<std::vector<Benefit>, std::string> parse_benefits_answer(const nlohmann::json& body);

// --- POST /api/v1/heartbeat ------------------------------------------------------------------

// What a kiosk tells the county of its health, every few minutes; the county keeps the latest per
// kiosk for its fleet view (`county-server kiosks`).
struct Heartbeat {
    std::string kiosk_id, software_version;
    long long content_version = 0;  // the content bundle in use; 0 for none
    std::string content_expires;    // YYYY-MM-DD, "" when the content has no end date
    bool content_expired = false;
    // A short word: "ok", "paper_out", "cover_open", "offline", "none" (no printer), …
    std::string printer_state;
    std::optional<int> paper_left_percent;  // an estimate, 0..100; nullopt when unknown
    long long outbox_depth = 0;             // requests and evaluations not yet delivered
    std::string last_sync;                  // RFC 3339, "" before the first
    std::string last_error;                 // "" or one line of at most kMaxLastError bytes
    std::string sent_at;                    // RFC 3339
    bool operator==(const Heartbeat&) const = default;
};
inline constexpr std::size_t kMaxLastError = 300;
// The JSON has every field; paper_left_percent is null when unknown.
nlohmann::json to_json(const Heartbeat& heartbeat);
// Every field present (paper_left_percent may be null or left out): kiosk_id and
// software_version strings of 1 to 64 bytes, content_version and outbox_depth whole numbers of at
// least 0, content_expires "" or a real date YYYY-MM-DD, content_expired a boolean,
// printer_state 1 to 32 ASCII letters, digits, '_', '-' or '.', paper_left_percent a whole
// number 0..100, last_sync "" or RFC 3339, last_error at most kMaxLastError bytes without
// control characters, sent_at RFC 3339. Unknown fields are ignored.
std::expected<Heartbeat, std::string> parse_heartbeat(const nlohmann::json& body);
// `text` made fit for Heartbeat::last_error: control characters (line breaks included) become
// spaces, bytes that are not UTF-8 are replaced, and it is cut to kMaxLastError bytes at a
// character's boundary.
std::string heartbeat_error_line(std::string_view text);

// The answer, 200.
struct HeartbeatReply {
    // The latest published content version the county knows, a hint to check now; nullopt when
    // the county publishes none (or cannot read its manifest).
    std::optional<long long> content_version;
    bool operator==(const HeartbeatReply&) const = default;
};
// {"content_version": N}, or null for none.
nlohmann::json to_json(const HeartbeatReply& reply);
// content_version missing or null: no hint; else a whole number of at least 0.
std::expected<HeartbeatReply, std::string> parse_heartbeat_reply(const nlohmann::json& body);

// --- Errors -----------------------------------------------------------------------------------

// {"error": {"code": "bad_request", "message": "…"}} on every 4xx and 5xx answer.
struct ErrorBody {
    std::string code;  // bad_request, unauthorized, not_found, conflict, too_large, internal,
                       // unavailable
    std::string message;
    bool operator==(const ErrorBody&) const = default;
};
// The code API.md gives an HTTP status: 401 unauthorized, 404 not_found, 409 conflict, 413
// too_large, 503 unavailable, other 5xx internal, other 4xx bad_request.
std::string_view error_code_for(int status);
nlohmann::json to_json(const ErrorBody& error);
// nullopt when the body holds no "error" object; code or message that are missing or not
// strings read as "".
std::optional<ErrorBody> parse_error_body(const nlohmann::json& body);

}  // namespace net::api
