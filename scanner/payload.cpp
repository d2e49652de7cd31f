// Classifying scanned payloads.
#include "scanner/payload.hpp"

#include <algorithm>

#include "scanner/id_number.hpp"

namespace scanner {
namespace {

constexpr std::string_view kRequestPrefix = "MINGBAI:REQ:";
// A staff card: "MINGBAI:STAFF", or "MINGBAI:STAFF:<name on the card>" (for the audit log).
constexpr std::string_view kStaffCard = "MINGBAI:STAFF";

std::string_view trim(std::string_view s) {
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\r' || s.front() == '\n' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\r' || s.back() == '\n' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool is_item_id(std::string_view s) {
    return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_request_no(std::string_view s) {
    return !s.empty() && s.size() <= 40 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

}  // namespace

std::string_view kind_name(PayloadAction::Kind kind) {
    switch (kind) {
        case PayloadAction::Kind::item:
            return "item";
        case PayloadAction::Kind::request:
            return "request";
        case PayloadAction::Kind::id:
            return "id";
        case PayloadAction::Kind::staff:
            return "staff";
        case PayloadAction::Kind::unknown:
            return "unknown";
    }
    return "unknown";
}

PayloadAction classify_payload(std::string_view raw, std::string_view page_url) {
    const std::string_view p = trim(raw);
    if (p.size() > 4096) return {};
    if (const auto at = page_url.find("{id}"); at != std::string_view::npos) {
        const auto prefix = page_url.substr(0, at);
        const auto suffix = page_url.substr(at + 4);
        if (p.starts_with(prefix) && p.size() > prefix.size() + suffix.size() &&
            p.ends_with(suffix)) {
            auto id = p.substr(prefix.size(), p.size() - prefix.size() - suffix.size());
            // Phones add tracking parameters and fragments to links; the item id is before them.
            id = id.substr(0, std::min(id.find('?'), id.find('#')));
            if (!id.empty() && id.back() == '/') id.remove_suffix(1);
            if (is_item_id(id)) return {PayloadAction::Kind::item, std::string(id)};
        }
    }
    if (p.starts_with(kRequestPrefix) && is_request_no(p.substr(kRequestPrefix.size()))) {
        return {PayloadAction::Kind::request, std::string(p.substr(kRequestPrefix.size()))};
    }
    if (p == kStaffCard) return {PayloadAction::Kind::staff, ""};
    if (p.starts_with(kStaffCard) && p[kStaffCard.size()] == ':') {
        const auto name = p.substr(kStaffCard.size() + 1);
        // A name on one line and short: it goes into the audit log as it is.
        if (!name.empty() && name.size() <= 48 &&
            std::none_of(name.begin(), name.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
            })) {
            return {PayloadAction::Kind::staff, std::string(name)};
        }
    }
    if (p.size() == 18 || p.size() == 15) {
        if (auto id = IdNumber::parse(p)) return {PayloadAction::Kind::id, id->masked()};
    }
    return {};
}

std::string describe_for_log(std::string_view payload, const PayloadAction& action) {
    std::string s =
        std::string(kind_name(action.kind)) + ", " + std::to_string(payload.size()) + " bytes";
    if (action.kind == PayloadAction::Kind::item || action.kind == PayloadAction::Kind::request)
        s += " (" + action.id + ")";
    return s;
}

}  // namespace scanner
