// Every scan, from every source, one way.
#include "kiosk/core/scan_hub.hpp"

#include <utility>

#include "base/log.hpp"
#include "base/secret.hpp"
#include "scanner/code_reader.hpp"
#include "scanner/image_file.hpp"
#include "scanner/payload.hpp"
#include "scanner/scan_source.hpp"

namespace kiosk::core {
namespace {

ScanEvent::Kind kind_of(scanner::PayloadAction::Kind k) {
    using K = scanner::PayloadAction::Kind;
    switch (k) {
        case K::item:
            return ScanEvent::Kind::item;
        case K::request:
            return ScanEvent::Kind::request;
        case K::id:
            return ScanEvent::Kind::id;
        case K::staff:
            return ScanEvent::Kind::staff;
        case K::unknown:
            return ScanEvent::Kind::unknown;
    }
    return ScanEvent::Kind::unknown;
}

}  // namespace

std::string_view scan_kind_name(ScanEvent::Kind kind) {
    switch (kind) {
        case ScanEvent::Kind::item:
            return "item";
        case ScanEvent::Kind::request:
            return "request";
        case ScanEvent::Kind::id:
            return "id";
        case ScanEvent::Kind::staff:
            return "staff";
        case ScanEvent::Kind::unknown:
            return "unknown";
    }
    return "unknown";
}

ScanEvent classify_scan(std::string& payload, std::string_view page_url, base::Date today) {
    const auto action = scanner::classify_payload(payload, page_url);
    ScanEvent e{kind_of(action.kind), action.id, std::nullopt};
    if (e.kind == ScanEvent::Kind::id) {
        if (auto id = scanner::IdNumber::parse(payload, today)) e.id = std::move(*id);
    }
    base::wipe(payload);
    return e;
}

ScanHub::ScanHub(const Config::Scanner& config, std::function<void()> wake)
    : wake_(std::move(wake)),
      wedge_(scanner::WedgeOptions{config.wedge_max_key_gap_ms,
                                   static_cast<std::size_t>(config.wedge_min_length), 4096}) {
    std::vector<std::string> specs = config.devices;
    if (!config.camera.empty()) {
        specs.push_back(config.camera.starts_with("files:") ? config.camera
                                                            : "camera:" + config.camera);
    }
    if (!config.card_reader.empty()) specs.push_back("idcard:" + config.card_reader);
    for (const auto& spec : specs) {
        auto source = scanner::open_source(spec, [this, spec](scanner::SourceEvent e) {
            if (e.problem) base::log::warn("scanner", spec, ": ", *e.problem);
            if (!e.payload.empty() || e.card) arrived(std::move(e.payload), std::move(e.card));
        });
        if (!source) {
            base::log::error("scanner", spec, ": ", source.error());
            continue;
        }
        base::log::info("scanner", (*source)->describe());
        sources_.push_back(std::move(*source));
    }
}

ScanHub::~ScanHub() {
    sources_.clear();  // their threads call back into this object
    for (auto& p : payloads_) base::wipe(p);
}

void ScanHub::arrived(std::string payload, std::optional<scanner::IdNumber> card) {
    {
        std::lock_guard lock(mutex_);
        if (card) {
            cards_.push_back(std::move(*card));
        } else {
            payloads_.push_back(std::move(payload));
        }
    }
    if (wake_) wake_();
}

KeyResult ScanHub::apply(const scanner::WedgeOutput& out) {
    if (out.problem) base::log::warn("input", *out.problem);
    if (out.scan) {
        std::lock_guard lock(mutex_);
        payloads_.push_back(*out.scan);
    }
    return {out.typed, out.enter_consumed};
}

KeyResult ScanHub::key_text(std::string_view utf8, std::int64_t t_ms) {
    return apply(wedge_.on_text(utf8, t_ms));
}

KeyResult ScanHub::key_enter(std::int64_t t_ms) {
    return apply(wedge_.on_enter(t_ms));
}

KeyResult ScanHub::poll_keys(std::int64_t t_ms) {
    return apply(wedge_.poll(t_ms));
}

std::optional<std::int64_t> ScanHub::next_key_deadline() const {
    return wedge_.next_deadline();
}

std::vector<ScanEvent> ScanHub::take(std::string_view page_url, base::Date today) {
    std::vector<std::string> payloads;
    std::vector<scanner::IdNumber> cards;
    {
        std::lock_guard lock(mutex_);
        payloads.swap(payloads_);
        cards.swap(cards_);
    }
    std::vector<ScanEvent> out;
    for (auto& p : payloads) {
        // Kind and length only: a scan may be an ID number.
        base::log::info("scan",
                        scanner::describe_for_log(p, scanner::classify_payload(p, page_url)));
        out.push_back(classify_scan(p, page_url, today));
    }
    for (auto& card : cards) {
        base::log::info("scan", "ID card read");
        out.push_back({ScanEvent::Kind::id, card.masked(), std::move(card)});
    }
    return out;
}

std::vector<std::string> ScanHub::devices() const {
    std::vector<std::string> out;
    for (const auto& s : sources_) out.push_back(s->describe());
    return out;
}

std::expected<std::vector<FileCode>, std::string> read_codes_in_file(
    const std::filesystem::path& file, std::string_view page_url, base::Date today) {
    auto image = scanner::load_image(file);
    if (!image) return std::unexpected(image.error());
    std::vector<FileCode> out;
    for (auto& code : scanner::read_codes(image->image)) {
        std::string payload = code.text;
        auto event = classify_scan(payload, page_url, today);
        // An ID number is never shown whole.
        const std::string text = event.kind == ScanEvent::Kind::id ? event.target : code.text;
        base::wipe(code.text);
        out.push_back({code.format, text, std::move(event)});
    }
    return out;
}

}  // namespace kiosk::core
