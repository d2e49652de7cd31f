// The content model: what the county publishes for residents — assistance items with the five
// kinds of proactive notice (reference/001), notices, the station's help page and the calendar.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.hpp"
#include "base/digest.hpp"
#include "kiosk/core/calendar.hpp"
#include "printer/qr_code.hpp"

namespace kiosk::core {

// The sections of every item page, in the order a resident reads them.
enum class SectionKind { policy, standard, materials, process, apply, supervision };
inline constexpr std::size_t kSectionCount = 6;

struct SectionInfo {
    SectionKind kind;
    std::string_view key;    // in the source files: "policy"
    std::string_view title;  // on screen and paper: "政策规定"
};
inline constexpr std::array<SectionInfo, kSectionCount> kSections = {{
    {SectionKind::policy, "policy", "政策规定"},
    {SectionKind::standard, "standard", "救助标准"},
    {SectionKind::materials, "materials", "所需材料"},
    {SectionKind::process, "process", "办理流程与时限"},
    {SectionKind::apply, "apply", "求助方式"},
    {SectionKind::supervision, "supervision", "监督渠道"},
}};
const SectionInfo& section_info(SectionKind kind);

// Section text is a list of blocks: paragraphs, and bullets written as lines starting "- ".
struct TextBlock {
    enum class Kind { paragraph, bullet } kind = Kind::paragraph;
    std::string text;
};
std::vector<TextBlock> parse_blocks(std::string_view body);

struct Section {
    SectionKind kind = SectionKind::policy;
    std::string body;
};

struct Item {
    std::string id;  // stable and short: "dibao"
    std::string name;
    std::string short_name;
    std::string pictogram;
    int order = 0;
    std::string summary;            // one or two sentences a grandmother understands
    std::vector<Section> sections;  // all six, in kSections order

    const Section* section(SectionKind kind) const;
};

struct Notice {
    std::string id;
    std::string title;
    std::string body;
    base::Date start, end;  // shown from start to end, both included
    bool valid_on(base::Date day) const { return start <= day && day <= end; }
};

struct HelpSection {
    std::string heading;
    std::string body;
};

struct HelpPage {
    std::string title;
    std::string qr_caption;
    std::string qr_url;  // the county's public 社会救助二维码
    // qr_url as a QR matrix, made when the bundle is read (so no screen encodes it); empty when
    // it cannot be encoded.
    std::optional<printer::QrCode> qr;
    std::vector<HelpSection> sections;
};

struct BundleInfo {
    int format = 1;
    long long version = 0;
    std::string publisher;
    std::string county;
    base::Date publish_date;
    base::Date expiry_date;
    bool sample = false;
    std::string page_url;  // with {id}: where an item's QR code leads
};

// A recording, short video or picture the county ships beside the bundle: the bundle names it, the
// signed manifest lists it, and the file travels and is stored under its SHA-256, so a new
// version sends only the files a kiosk does not have.
struct MediaFile {
    std::string name;  // in the sources' media/ folder: "dibao.policy.ogg"
    base::Sha256 sha256{};
    std::uint64_t size = 0;
    bool operator==(const MediaFile&) const = default;
};

struct Content {
    BundleInfo info;
    std::vector<Item> items;  // by order
    std::vector<Notice> notices;
    HelpPage help;
    WorkCalendar calendar;
    std::vector<MediaFile> media;  // by name

    const Item* item(std::string_view id) const;
    std::vector<const Notice*> notices_on(base::Date day) const;
    std::string page_url(std::string_view item_id) const;
    // Every piece of text a screen may show, for the glyph set.
    std::string all_text() const;
};

}  // namespace kiosk::core
