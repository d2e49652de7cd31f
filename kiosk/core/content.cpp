// The content model's small queries.
#include "kiosk/core/content.hpp"

namespace kiosk::core {

const SectionInfo& section_info(SectionKind kind) {
    return kSections[static_cast<std::size_t>(kind)];
}

std::vector<TextBlock> parse_blocks(std::string_view body) {
    std::vector<TextBlock> blocks;
    bool open_paragraph = false;
    while (!body.empty()) {
        const auto nl = body.find('\n');
        std::string_view line = body.substr(0, nl);
        body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        if (line.empty()) {
            open_paragraph = false;
        } else if (line.starts_with("- ")) {
            blocks.push_back({TextBlock::Kind::bullet, std::string(line.substr(2))});
            open_paragraph = false;
        } else if (open_paragraph) {
            // A paragraph may be wrapped in the source; Chinese joins without a space.
            blocks.back().text += line;
        } else {
            blocks.push_back({TextBlock::Kind::paragraph, std::string(line)});
            open_paragraph = true;
        }
    }
    return blocks;
}

const Section* Item::section(SectionKind kind) const {
    for (const auto& s : sections) {
        if (s.kind == kind) return &s;
    }
    return nullptr;
}

const Item* Content::item(std::string_view id) const {
    for (const auto& i : items) {
        if (i.id == id) return &i;
    }
    return nullptr;
}

std::vector<const Notice*> Content::notices_on(base::Date day) const {
    std::vector<const Notice*> out;
    for (const auto& n : notices) {
        if (n.valid_on(day)) out.push_back(&n);
    }
    return out;
}

std::string Content::page_url(std::string_view item_id) const {
    std::string url = info.page_url;
    if (const auto at = url.find("{id}"); at != std::string::npos) url.replace(at, 4, item_id);
    return url;
}

std::string Content::all_text() const {
    std::string all = info.publisher + info.county;
    for (const auto& i : items) {
        all += i.name + i.short_name + i.summary;
        for (const auto& s : i.sections) all += s.body;
    }
    for (const auto& n : notices) all += n.title + n.body;
    all += help.title + help.qr_caption;
    for (const auto& s : help.sections) all += s.heading + s.body;
    for (const auto& [date, day] : calendar.days()) all += day.second;
    for (const auto& s : kSections) all += s.title;
    return all;
}

}  // namespace kiosk::core
