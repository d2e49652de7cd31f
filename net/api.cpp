// The county API's JSON bodies, written and read the same way at both ends.
#include "net/api.hpp"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/date.hpp"
#include "base/rfc3339.hpp"
#include "base/utf8.hpp"

namespace net::api {

using nlohmann::json;

namespace {

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& set, std::string_view value) {
    return std::find(set.begin(), set.end(), value) != set.end();
}

// A required string field of `min_bytes` to `max_bytes`.
std::expected<std::string, std::string> string_field(const json& body, const char* name,
                                                     std::size_t min_bytes, std::size_t max_bytes) {
    const auto it = body.find(name);
    if (it == body.end()) return std::unexpected(std::string(name) + ": missing");
    if (!it->is_string()) return std::unexpected(std::string(name) + ": must be a string");
    const auto& value = it->get_ref<const std::string&>();
    if (value.size() < min_bytes) return std::unexpected(std::string(name) + ": empty");
    if (value.size() > max_bytes) {
        return std::unexpected(std::string(name) + ": longer than " + std::to_string(max_bytes) +
                               " bytes");
    }
    return value;
}

std::expected<void, std::string> must_be_object(const json& body) {
    if (!body.is_object()) return std::unexpected("body: must be a JSON object");
    return {};
}

// Required string fields, read in order; the first that is wrong is the error.
struct StringField {
    const char* name;
    std::string* out;
    std::size_t min = 1, max = std::numeric_limits<std::size_t>::max();
};
std::expected<void, std::string> read_strings(const json& body,
                                              std::initializer_list<StringField> fields) {
    for (const StringField& field : fields) {
        auto value = string_field(body, field.name, field.min, field.max);
        if (!value) return std::unexpected(value.error());
        *field.out = std::move(*value);
    }
    return {};
}

// A JSON object's required string fields.
std::expected<void, std::string> read_object(const json& body,
                                             std::initializer_list<StringField> fields) {
    if (auto object = must_be_object(body); !object) return object;
    return read_strings(body, fields);
}

// A field read leniently: its text when it is a string, else "".
std::string text_or_empty(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// An optional string field: "" when missing, an error when present with another type.
std::expected<std::string, std::string> optional_string(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end()) return std::string();
    if (!it->is_string()) return std::unexpected(std::string(name) + ": must be a string");
    return it->get<std::string>();
}

// A required whole number of `min` to `max`.
std::expected<long long, std::string> whole_number(const json& body, const char* name,
                                                   long long min, long long max) {
    const auto it = body.find(name);
    if (it == body.end()) return std::unexpected(std::string(name) + ": missing");
    if (!it->is_number_integer()) {
        return std::unexpected(std::string(name) + ": must be a whole number");
    }
    // Only an unsigned number can be beyond long long; it is out of range like any other.
    constexpr auto kLongest = static_cast<std::uint64_t>(std::numeric_limits<long long>::max());
    const bool fits = !it->is_number_unsigned() || it->get<std::uint64_t>() <= kLongest;
    const long long value = fits ? it->get<long long>() : 0;
    if (!fits || value < min || value > max) {
        const std::string range =
            max == std::numeric_limits<long long>::max()
                ? "at least " + std::to_string(min)
                : "between " + std::to_string(min) + " and " + std::to_string(max);
        return std::unexpected(std::string(name) + ": must be a whole number " + range);
    }
    return value;
}

// A control character (C0 or DEL), which a one-line text must not hold.
bool is_control(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
}

}  // namespace

}  // namespace net::api

void nlohmann::adl_serializer<base::Secret>::to_json(nlohmann::json& j, const base::Secret& s) {
    j = s.str();
}

void nlohmann::adl_serializer<base::Secret>::from_json(const nlohmann::json& j, base::Secret& s) {
    s.assign(j.get_ref<const std::string&>());
}

namespace net::api {

// Each body's JSON is its members under their own names, as API.md spells the fields: written
// from this list, never by hand. (The readers below are written by hand: each says what it
// requires and what it forgives.)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RequestSubmission, idempotency_key, kiosk_id, local_no, item,
                                   service, id_number, phone, missing_materials, submitted_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RequestAnswer, case_no, state, received_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Reply, cursor, case_no, idempotency_key, state, text, replied_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Evaluation, idempotency_key, rating)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(EvaluationAnswer, case_no, rating)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BenefitQuery, id_number, consent)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Benefit, item, amount_yuan, start_date, pay_day, status,
                                   stop_date, stop_reason, last_payment_date, last_payment_yuan,
                                   next_review)

bool is_item(std::string_view code) {
    return one_of(kItems, code);
}
bool is_reply_state(std::string_view state) {
    return one_of(kReplyStates, state);
}
bool is_rating(std::string_view rating) {
    return one_of(kRatings, rating);
}

// --- Requests ---------------------------------------------------------------------------------

json to_json(const RequestSubmission& r) {
    return r;
}

std::string materials_to_text(const std::vector<std::string>& materials) {
    return json(materials).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<std::string> materials_from_text(std::string_view text) {
    std::vector<std::string> out;
    const json materials = json::parse(text, nullptr, false);
    if (!materials.is_array()) return out;
    for (const auto& m : materials) {
        if (m.is_string()) out.push_back(m.get<std::string>());
    }
    return out;
}

std::expected<RequestSubmission, std::string> parse_request_submission(const json& body) {
    RequestSubmission r;
    std::string id_number, phone;  // into Secrets at once, which wipe these
    auto read = read_object(body, {{"idempotency_key", &r.idempotency_key, 1, 128},
                                   {"kiosk_id", &r.kiosk_id, 1, 64},
                                   {"local_no", &r.local_no, 1, 64},
                                   {"item", &r.item, 1, 64},
                                   {"service", &r.service, 1, 200},
                                   {"id_number", &id_number, 1, 64},
                                   {"phone", &phone, 0, 32},
                                   {"submitted_at", &r.submitted_at, 1, 64}});
    r.id_number = std::move(id_number);
    r.phone = std::move(phone);
    if (!read) return std::unexpected(read.error());
    if (!is_item(r.item)) return std::unexpected("item: unknown item \"" + r.item + "\"");
    if (r.phone.view().find_first_not_of("0123456789+- ") != std::string::npos) {
        return std::unexpected("phone: only digits, +, - and spaces");
    }
    if (!base::is_rfc3339(r.submitted_at)) {
        return std::unexpected("submitted_at: not an RFC 3339 time with offset");
    }
    const auto materials = body.find("missing_materials");
    if (materials == body.end()) return std::unexpected("missing_materials: missing");
    if (!materials->is_array()) return std::unexpected("missing_materials: must be an array");
    if (materials->size() > 100) return std::unexpected("missing_materials: more than 100");
    for (const auto& m : *materials) {
        if (!m.is_string() || m.get_ref<const std::string&>().empty()) {
            return std::unexpected("missing_materials: each must be a non-empty string");
        }
        r.missing_materials.push_back(m.get<std::string>());
    }
    return r;
}

json to_json(const RequestAnswer& a) {
    return a;
}

std::expected<RequestAnswer, std::string> parse_request_answer(const json& body) {
    if (auto object = must_be_object(body); !object) return std::unexpected(object.error());
    RequestAnswer a;
    a.case_no = text_or_empty(body, "case_no");
    if (a.case_no.empty()) return std::unexpected("case_no: missing");
    a.state = text_or_empty(body, "state");
    a.received_at = text_or_empty(body, "received_at");
    return a;
}

// --- Replies ----------------------------------------------------------------------------------

json to_json(const Reply& r) {
    return r;
}

json to_json(const RepliesPage& page) {
    json replies = json::array();
    for (const auto& r : page.replies) replies.push_back(to_json(r));
    return {{"replies", std::move(replies)}, {"next", page.next}};
}

std::expected<RepliesPage, std::string> parse_replies_page(const json& body) {
    if (auto object = must_be_object(body); !object) return std::unexpected(object.error());
    const auto replies = body.find("replies");
    if (replies == body.end() || !replies->is_array()) {
        return std::unexpected("replies: must be an array");
    }
    const auto next = body.find("next");
    if (next == body.end() || !next->is_number_integer()) {
        return std::unexpected("next: must be a whole number");
    }
    RepliesPage page;
    page.next = next->get<std::int64_t>();
    for (const auto& entry : *replies) {
        if (!entry.is_object()) {
            ++page.unreadable;
            continue;
        }
        Reply r;
        const auto cursor = entry.find("cursor");
        if (cursor != entry.end() && cursor->is_number_integer()) {
            r.cursor = cursor->get<std::int64_t>();
        }
        r.case_no = text_or_empty(entry, "case_no");
        r.idempotency_key = text_or_empty(entry, "idempotency_key");
        r.state = text_or_empty(entry, "state");
        r.text = text_or_empty(entry, "text");
        r.replied_at = text_or_empty(entry, "replied_at");
        page.replies.push_back(std::move(r));
    }
    return page;
}

// --- Evaluations ------------------------------------------------------------------------------

json to_json(const Evaluation& e) {
    return e;
}

std::expected<Evaluation, std::string> parse_evaluation(const json& body) {
    Evaluation e;
    auto read = read_object(
        body, {{"idempotency_key", &e.idempotency_key, 1, 128}, {"rating", &e.rating, 1, 64}});
    if (!read) return std::unexpected(read.error());
    if (!is_rating(e.rating)) return std::unexpected("rating: unknown rating \"" + e.rating + "\"");
    return e;
}

json to_json(const EvaluationAnswer& a) {
    return a;
}

std::expected<EvaluationAnswer, std::string> parse_evaluation_answer(const json& body) {
    EvaluationAnswer a;
    auto read = read_object(body, {{"case_no", &a.case_no}, {"rating", &a.rating}});
    if (!read) return std::unexpected(read.error());
    return a;
}

// --- Benefits ---------------------------------------------------------------------------------

json to_json(const BenefitQuery& q) {
    return q;
}

std::expected<BenefitQuery, std::string> parse_benefit_query(const json& body) {
    if (auto object = must_be_object(body); !object) return std::unexpected(object.error());
    const auto consent = body.find("consent");
    if (consent == body.end() || !consent->is_boolean() || !consent->get<bool>()) {
        return std::unexpected("consent: must be true (the resident agreed to the query)");
    }
    auto id_number = string_field(body, "id_number", 1, 64);
    if (!id_number) return std::unexpected(id_number.error());
    return BenefitQuery{base::Secret(std::move(*id_number)), true};
}

json to_json(const Benefit& b) {
    return b;
}

json benefits_to_json(const std::vector<Benefit>& benefits) {
    json list = json::array();
    for (const auto& b : benefits) list.push_back(to_json(b));
    return {{"benefits", std::move(list)}};
}

namespace {

std::expected<Benefit, std::string> parse_benefit(const json& entry) {
    if (!entry.is_object()) return std::unexpected("must be an object");
    Benefit b;
    // Empty strings are taken, as the kiosk always has: what to show for them is its business.
    if (auto read = read_strings(entry, {{"item", &b.item, 0},
                                         {"amount_yuan", &b.amount_yuan, 0},
                                         {"start_date", &b.start_date, 0},
                                         {"status", &b.status, 0}});
        !read) {
        return std::unexpected(read.error());
    }
    const auto pay_day = entry.find("pay_day");
    if (pay_day == entry.end()) return std::unexpected("pay_day: missing");
    if (!pay_day->is_number_integer()) return std::unexpected("pay_day: must be a whole number");
    b.pay_day = pay_day->get<int>();
    for (const auto& [name, out] :
         {std::pair{"stop_date", &b.stop_date}, std::pair{"stop_reason", &b.stop_reason},
          std::pair{"last_payment_date", &b.last_payment_date},
          std::pair{"last_payment_yuan", &b.last_payment_yuan},
          std::pair{"next_review", &b.next_review}}) {
        auto value = optional_string(entry, name);
        if (!value) return std::unexpected(value.error());
        *out = std::move(*value);
    }
    return b;
}

}  // namespace

std::expected<std::vector<Benefit>, std::string> parse_benefits_answer(const json& body) {
    if (auto object = must_be_object(body); !object) return std::unexpected(object.error());
    const auto list = body.find("benefits");
    if (list == body.end() || !list->is_array()) {
        return std::unexpected("benefits: must be an array");
    }
    std::vector<Benefit> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto benefit = parse_benefit((*list)[i]);
        if (!benefit) {
            return std::unexpected("benefits[" + std::to_string(i) + "]: " + benefit.error());
        }
        out.push_back(std::move(*benefit));
    }
    return out;
}

// --- Heartbeat --------------------------------------------------------------------------------

json to_json(const Heartbeat& h) {
    return {{"kiosk_id", h.kiosk_id},
            {"software_version", h.software_version},
            {"content_version", h.content_version},
            {"content_expires", h.content_expires},
            {"content_expired", h.content_expired},
            {"printer_state", h.printer_state},
            {"paper_left_percent", h.paper_left_percent ? json(*h.paper_left_percent) : json()},
            {"outbox_depth", h.outbox_depth},
            {"last_sync", h.last_sync},
            {"last_error", h.last_error},
            {"sent_at", h.sent_at}};
}

std::expected<Heartbeat, std::string> parse_heartbeat(const json& body) {
    constexpr long long kMost = std::numeric_limits<long long>::max();
    Heartbeat h;
    if (auto read = read_object(body, {{"kiosk_id", &h.kiosk_id, 1, 64},
                                       {"software_version", &h.software_version, 1, 64}});
        !read) {
        return std::unexpected(read.error());
    }
    auto content_version = whole_number(body, "content_version", 0, kMost);
    if (!content_version) return std::unexpected(content_version.error());
    h.content_version = *content_version;
    if (auto read = read_strings(body, {{"content_expires", &h.content_expires, 0, 10}}); !read) {
        return std::unexpected(read.error());
    }
    if (!h.content_expires.empty() && !base::parse_date(h.content_expires)) {
        return std::unexpected("content_expires: not a date YYYY-MM-DD");
    }
    const auto expired = body.find("content_expired");
    if (expired == body.end()) return std::unexpected("content_expired: missing");
    if (!expired->is_boolean()) return std::unexpected("content_expired: must be true or false");
    h.content_expired = expired->get<bool>();
    if (auto read = read_strings(body, {{"printer_state", &h.printer_state, 1, 32}}); !read) {
        return std::unexpected(read.error());
    }
    if (h.printer_state.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_-.") != std::string::npos) {
        return std::unexpected("printer_state: only ASCII letters, digits, '_', '-' and '.'");
    }
    if (const auto paper = body.find("paper_left_percent");
        paper != body.end() && !paper->is_null()) {
        auto percent = whole_number(body, "paper_left_percent", 0, 100);
        if (!percent) return std::unexpected(percent.error());
        h.paper_left_percent = static_cast<int>(*percent);
    }
    auto depth = whole_number(body, "outbox_depth", 0, kMost);
    if (!depth) return std::unexpected(depth.error());
    h.outbox_depth = *depth;
    if (auto read = read_strings(body, {{"last_sync", &h.last_sync, 0, 64},
                                        {"last_error", &h.last_error, 0, kMaxLastError},
                                        {"sent_at", &h.sent_at, 1, 64}});
        !read) {
        return std::unexpected(read.error());
    }
    if (!h.last_sync.empty() && !base::is_rfc3339(h.last_sync)) {
        return std::unexpected("last_sync: not an RFC 3339 time with offset");
    }
    if (std::any_of(h.last_error.begin(), h.last_error.end(), is_control)) {
        return std::unexpected("last_error: must be one line without control characters");
    }
    if (!base::is_rfc3339(h.sent_at)) {
        return std::unexpected("sent_at: not an RFC 3339 time with offset");
    }
    return h;
}

std::string heartbeat_error_line(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        const auto decoded = base::utf8::decode_one(text);
        const std::size_t length = decoded ? decoded->length : 1;
        std::string piece =
            decoded ? std::string(text.substr(0, length)) : base::utf8::encode(U'\uFFFD');
        if (piece.size() == 1 && is_control(piece[0])) piece = " ";
        if (out.size() + piece.size() > kMaxLastError) break;
        out += piece;
        text.remove_prefix(length);
    }
    return out;
}

json to_json(const HeartbeatReply& r) {
    return {{"content_version", r.content_version ? json(*r.content_version) : json()}};
}

std::expected<HeartbeatReply, std::string> parse_heartbeat_reply(const json& body) {
    if (auto object = must_be_object(body); !object) return std::unexpected(object.error());
    HeartbeatReply r;
    if (const auto version = body.find("content_version");
        version != body.end() && !version->is_null()) {
        auto value =
            whole_number(body, "content_version", 0, std::numeric_limits<long long>::max());
        if (!value) return std::unexpected(value.error());
        r.content_version = *value;
    }
    return r;
}

// --- Errors -----------------------------------------------------------------------------------

std::string_view error_code_for(int status) {
    switch (status) {
        case 401:
            return "unauthorized";
        case 404:
            return "not_found";
        case 409:
            return "conflict";
        case 413:
            return "too_large";
        case 503:
            return "unavailable";
        default:
            return status >= 500 ? "internal" : "bad_request";
    }
}

json to_json(const ErrorBody& e) {
    return {{"error", {{"code", e.code}, {"message", e.message}}}};
}

std::optional<ErrorBody> parse_error_body(const json& body) {
    if (!body.is_object()) return std::nullopt;
    const auto error = body.find("error");
    if (error == body.end() || !error->is_object()) return std::nullopt;
    return ErrorBody{text_or_empty(*error, "code"), text_or_empty(*error, "message")};
}

}  // namespace net::api
