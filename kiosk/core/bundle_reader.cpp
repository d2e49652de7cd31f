// Reads and checks content bundles.
#include "kiosk/core/bundle_reader.hpp"

#include <charconv>
#include <map>
#include <system_error>

#include "base/sqlite.hpp"
#include "base/utf8.hpp"
#include "kiosk/core/bundle_format.hpp"

namespace kiosk::core {
namespace {

namespace fs = std::filesystem;

std::expected<std::int64_t, std::string> pragma(base::Database& db, const char* name) {
    auto st = db.prepare(std::string("PRAGMA ") + name);
    if (!st) return std::unexpected(st.error());
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::unexpected(std::string("no answer to PRAGMA ") + name);
    return st->integer(0);
}

std::expected<Content, std::string> read(base::Database& db) {
    auto check = db.prepare("PRAGMA quick_check");
    if (!check) return std::unexpected(check.error());
    if (auto row = check->step(); !row || !*row || check->text(0) != "ok") {
        return std::unexpected("damaged: " + (row && *row ? check->text(0)
                                              : row       ? "no answer"
                                                          : row.error()));
    }
    auto app_id = pragma(db, "application_id");
    if (!app_id) return std::unexpected(app_id.error());
    if (*app_id != kBundleApplicationId) return std::unexpected("not a content bundle");
    auto format = pragma(db, "user_version");
    if (!format) return std::unexpected(format.error());
    if (*format != kBundleFormat) {
        return std::unexpected("bundle format " + std::to_string(*format) +
                               ", this kiosk reads format " + std::to_string(kBundleFormat));
    }

    Content c;
    std::map<std::string, std::string> meta;
    auto st = db.prepare("SELECT key, value FROM meta");
    if (!st) return std::unexpected(st.error());
    while (true) {
        auto row = st->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        meta[st->text(0)] = st->text(1);
    }
    for (const char* key : {"version", "publisher", "county", "publish_date", "expiry_date",
                            "sample", "page_url", "help_title", "help_qr_caption", "help_qr_url"}) {
        if (!meta.contains(key)) return std::unexpected(std::string("meta value missing: ") + key);
    }
    const std::string& version = meta["version"];
    if (std::from_chars(version.data(), version.data() + version.size(), c.info.version).ec !=
            std::errc{} ||
        c.info.version < 1) {
        return std::unexpected("meta value version is not a whole number from 1 up");
    }
    c.info.publisher = meta["publisher"];
    c.info.county = meta["county"];
    const auto published = base::parse_date(meta["publish_date"]);
    const auto expires = base::parse_date(meta["expiry_date"]);
    if (!published || !expires) return std::unexpected("bad publish or expiry date");
    c.info.publish_date = *published;
    c.info.expiry_date = *expires;
    c.info.sample = meta["sample"] == "1";
    c.info.page_url = meta["page_url"];
    // As `bundle build` requires: every item's QR code leads to its own page.
    if (c.info.page_url.find("{id}") == std::string::npos) {
        return std::unexpected("page_url has no {id} where the item's id goes");
    }
    c.help.title = meta["help_title"];
    c.help.qr_caption = meta["help_qr_caption"];
    c.help.qr_url = meta["help_qr_url"];
    if (auto qr = printer::encode_qr(c.help.qr_url)) c.help.qr = std::move(*qr);

    auto items = db.prepare(
        "SELECT id, ord, name, short_name, pictogram, summary FROM items ORDER BY ord, id");
    auto sections = db.prepare("SELECT kind, body FROM sections WHERE item_id = ?");
    if (!items || !sections) return std::unexpected(db.last_error());
    while (true) {
        auto row = items->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        Item item{items->text(0),
                  items->text(2),
                  items->text(3),
                  items->text(4),
                  static_cast<int>(items->integer(1)),
                  items->text(5),
                  {}};
        std::map<std::string, std::string> bodies;
        sections->bind(1, item.id);
        while (true) {
            auto srow = sections->step();
            if (!srow) return std::unexpected(srow.error());
            if (!*srow) break;
            bodies[sections->text(0)] = sections->text(1);
        }
        sections->reset();
        for (const auto& info : kSections) {
            const auto it = bodies.find(std::string(info.key));
            if (it == bodies.end()) {
                return std::unexpected("item " + item.id + " has no section " +
                                       std::string(info.title));
            }
            item.sections.push_back({info.kind, it->second});
        }
        c.items.push_back(std::move(item));
    }
    if (c.items.empty()) return std::unexpected("no items");

    auto notices =
        db.prepare("SELECT id, title, body, start_date, end_date FROM notices ORDER BY rowid");
    if (!notices) return std::unexpected(notices.error());
    while (true) {
        auto row = notices->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        const auto start = base::parse_date(notices->text(3));
        const auto end = base::parse_date(notices->text(4));
        if (!start || !end)
            return std::unexpected("notice " + notices->text(0) + " has a bad date");
        c.notices.push_back({notices->text(0), notices->text(1), notices->text(2), *start, *end});
    }

    auto help = db.prepare("SELECT heading, body FROM help_sections ORDER BY ord");
    if (!help) return std::unexpected(help.error());
    while (true) {
        auto row = help->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        c.help.sections.push_back({help->text(0), help->text(1)});
    }

    auto years = db.prepare("SELECT year FROM calendar_years");
    auto days = db.prepare("SELECT date, kind, name FROM calendar_days");
    if (!years || !days) return std::unexpected(db.last_error());
    while (true) {
        auto row = years->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        c.calendar.add_covered_year(static_cast<int>(years->integer(0)));
    }
    while (true) {
        auto row = days->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        const auto date = base::parse_date(days->text(0));
        if (!date) return std::unexpected("calendar has a bad date: " + days->text(0));
        c.calendar.set(
            *date,
            days->text(1) == "off" ? WorkCalendar::DayKind::off : WorkCalendar::DayKind::work,
            days->text(2));
    }
    // Bundles built before media came have no media table.
    auto has_media =
        db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'media'");
    if (!has_media) return std::unexpected(has_media.error());
    auto media_row = has_media->step();
    if (!media_row) return std::unexpected(media_row.error());
    if (*media_row) {
        auto media = db.prepare("SELECT name, sha256, size FROM media ORDER BY name");
        if (!media) return std::unexpected(media.error());
        while (true) {
            auto row = media->step();
            if (!row) return std::unexpected(row.error());
            if (!*row) break;
            const auto hash = base::sha256_from_hex(media->text(1));
            if (!hash || media->integer(2) <= 0) {
                return std::unexpected("media " + media->text(0) + " has a bad hash or size");
            }
            c.media.push_back(
                {media->text(0), *hash, static_cast<std::uint64_t>(media->integer(2))});
        }
    }
    if (!base::utf8::is_valid(c.all_text())) return std::unexpected("text that is not valid UTF-8");
    return c;
}

}  // namespace

std::expected<Content, std::string> load_bundle(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::unexpected(file.string() + ": no such file");
    auto db = base::Database::open(file.string(), base::Database::Mode::read_only);
    if (!db) return std::unexpected(file.string() + ": " + db.error());
    auto content = read(*db);
    if (!content) return std::unexpected(file.string() + ": " + content.error());
    return content;
}

fs::path default_bundle_path(const fs::path& share_dir) {
    return share_dir / "content" / "default.bundle";
}

}  // namespace kiosk::core
