// Compiles content sources into a bundle.
#include "kiosk/core/bundle_builder.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

#include "base/sqlite.hpp"
#include "base/utf8.hpp"
#include "kiosk/core/bundle_format.hpp"

namespace kiosk::core {

namespace fs = std::filesystem;

namespace {

using base::StrictToml;
using base::TomlError;

std::vector<fs::path> toml_files(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Replaces {{name}} with the county's values; an unknown name is an error.
class Expander {
  public:
    explicit Expander(std::map<std::string, std::string> values) : values_(std::move(values)) {}

    void expand(StrictToml& doc, std::string_view key, std::string& text) const {
        std::string out;
        std::size_t at = 0;
        while (true) {
            const auto open = text.find("{{", at);
            if (open == std::string::npos) break;
            const auto close = text.find("}}", open);
            if (close == std::string::npos) {
                doc.reject(key, "\"{{\" without a closing \"}}\"");
                return;
            }
            const std::string name = text.substr(open + 2, close - open - 2);
            const auto it = values_.find(name);
            if (it == values_.end()) {
                doc.reject(key, "unknown value {{" + name +
                                    "}} (define it under [values] in bundle.toml)");
                return;
            }
            out += text.substr(at, open - at) + it->second;
            at = close + 2;
        }
        text = out + text.substr(at);
    }

  private:
    std::map<std::string, std::string> values_;
};

void require_text(StrictToml& doc, std::string_view key, std::string& out, std::string_view what) {
    doc.read(key, out);
    if (!doc.has(key)) {
        doc.reject(key, "missing: " + std::string(what), 1);
    } else if (out.find_first_not_of(" \n\t") == std::string::npos) {
        doc.reject(key, "expected " + std::string(what) + ", not empty text");
    } else if (!base::utf8::is_valid(out)) {
        doc.reject(key, "not valid UTF-8");
    }
}

std::optional<TomlError> read_bundle_toml(const fs::path& dir, BundleInfo& info,
                                          std::map<std::string, std::string>& values) {
    auto doc = StrictToml::load(dir / "bundle.toml");
    if (!doc) return doc.error();
    int version = 0;
    doc->read("format", info.format, kBundleFormat, kBundleFormat);
    doc->read("version", version, 1, 2'000'000'000);
    if (!doc->has("version")) doc->reject("version", "missing: the bundle's version number", 1);
    info.version = version;
    require_text(*doc, "publisher", info.publisher, "who publishes this content");
    require_text(*doc, "county", info.county, "the county's name");
    doc->read("publish_date", info.publish_date);
    doc->read("expiry_date", info.expiry_date);
    if (!doc->has("publish_date"))
        doc->reject("publish_date", "missing: the date of publication", 1);
    if (!doc->has("expiry_date"))
        doc->reject("expiry_date", "missing: the date the content expires", 1);
    if (info.expiry_date <= info.publish_date) {
        doc->reject("expiry_date",
                    "expected a date after publish_date " + info.publish_date.to_string());
    }
    doc->read("sample", info.sample);
    doc->read_checked(
        "page_url", info.page_url, [](std::string_view v) -> std::optional<std::string> {
            if (!(v.starts_with("https://") || v.starts_with("http://")) ||
                v.find("{id}") == std::string_view::npos) {
                return "expected an http(s) address with {id} where the item's id goes";
            }
            return std::nullopt;
        });
    if (!doc->has("page_url"))
        doc->reject("page_url", "missing: the address pattern of item pages", 1);
    for (const auto& key : doc->keys_of("values")) {
        std::string v;
        doc->read("values." + key, v);
        values[key] = v;
    }
    if (auto err = doc->finish()) return err;
    return std::nullopt;
}

std::optional<TomlError> read_item(const fs::path& file, const Expander& expand, Item& item) {
    auto doc = StrictToml::load(file);
    if (!doc) return doc.error();
    doc->read_checked("id", item.id, [](std::string_view v) -> std::optional<std::string> {
        const bool ok = !v.empty() && v.size() <= 32 && std::all_of(v.begin(), v.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
        if (!ok) return "expected a short id of a-z, 0-9 and _ (e.g. \"dibao\")";
        return std::nullopt;
    });
    if (!doc->has("id")) doc->reject("id", "missing: the item's short id", 1);
    require_text(*doc, "name", item.name, "the item's full name");
    require_text(*doc, "short_name", item.short_name, "the item's short name");
    doc->read_choice("pictogram", item.pictogram,
                     {"bowl", "elder", "family", "scale", "hand", "medical", "school", "house",
                      "work", "disaster"});
    if (!doc->has("pictogram")) doc->reject("pictogram", "missing: the item's pictogram", 1);
    doc->read("order", item.order, 1, 1000);
    require_text(*doc, "summary", item.summary, "one or two plain sentences");
    expand.expand(*doc, "summary", item.summary);
    const int sections_line = doc->line_of("sections");
    for (const auto& info : kSections) {
        const std::string key = "sections." + std::string(info.key);
        Section s{info.kind, {}};
        doc->read(key, s.body);
        if (!doc->has(key)) {
            doc->reject(key,
                        "missing section \"" + std::string(info.key) + "\" (" +
                            std::string(info.title) + ")",
                        sections_line > 0 ? sections_line : 1);
        } else if (s.body.find_first_not_of(" \n\t") == std::string::npos) {
            doc->reject(key, "section " + std::string(info.title) + " is empty");
        }
        expand.expand(*doc, key, s.body);
        if (info.kind == SectionKind::materials && doc->has(key)) {
            const auto blocks = parse_blocks(s.body);
            if (std::none_of(blocks.begin(), blocks.end(), [](const TextBlock& b) {
                    return b.kind == TextBlock::Kind::bullet;
                })) {
                doc->reject(key, "expected the materials as a list, one \"- \" line each");
            }
        }
        item.sections.push_back(std::move(s));
    }
    if (auto err = doc->finish()) return err;
    return std::nullopt;
}

std::optional<TomlError> read_help(const fs::path& dir, const Expander& expand, HelpPage& help) {
    auto doc = StrictToml::load(dir / "help.toml");
    if (!doc) return doc.error();
    require_text(*doc, "title", help.title, "the page title");
    require_text(*doc, "qr_caption", help.qr_caption, "a caption for the county's QR code");
    require_text(*doc, "qr_url", help.qr_url, "the county's public 社会救助二维码 address");
    const std::size_t n = doc->count("section");
    if (n == 0) doc->reject("section", "expected at least one [[section]]", 1);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string base = "section[" + std::to_string(i) + "].";
        HelpSection s;
        require_text(*doc, base + "heading", s.heading, "a heading");
        require_text(*doc, base + "body", s.body, "the section's text");
        expand.expand(*doc, base + "heading", s.heading);
        expand.expand(*doc, base + "body", s.body);
        help.sections.push_back(std::move(s));
    }
    if (auto err = doc->finish()) return err;
    return std::nullopt;
}

std::optional<TomlError> read_notices(const fs::path& dir, const Expander& expand,
                                      std::vector<Notice>& notices) {
    if (!fs::exists(dir / "notices.toml")) return std::nullopt;
    auto doc = StrictToml::load(dir / "notices.toml");
    if (!doc) return doc.error();
    std::set<std::string> ids;
    const std::size_t n = doc->count("notice");
    for (std::size_t i = 0; i < n; ++i) {
        const std::string base = "notice[" + std::to_string(i) + "].";
        Notice notice;
        require_text(*doc, base + "id", notice.id, "the notice's id");
        require_text(*doc, base + "title", notice.title, "a short title");
        require_text(*doc, base + "body", notice.body, "the notice's text");
        expand.expand(*doc, base + "title", notice.title);
        expand.expand(*doc, base + "body", notice.body);
        doc->read(base + "start", notice.start);
        doc->read(base + "end", notice.end);
        if (!doc->has(base + "start"))
            doc->reject(base + "start", "missing: the first day to show it",
                        doc->line_of(base + "id"));
        if (!doc->has(base + "end"))
            doc->reject(base + "end", "missing: the last day to show it",
                        doc->line_of(base + "id"));
        if (notice.end < notice.start)
            doc->reject(base + "end", "ends before it starts (" + notice.start.to_string() + ")");
        if (!ids.insert(notice.id).second)
            doc->reject(base + "id", "duplicate notice id \"" + notice.id + "\"");
        notices.push_back(std::move(notice));
    }
    if (auto err = doc->finish()) return err;
    return std::nullopt;
}

std::optional<TomlError> read_calendar(const fs::path& file, WorkCalendar& calendar) {
    auto doc = StrictToml::load(file);
    if (!doc) return doc.error();
    int year = 0;
    std::string source;
    doc->read("year", year, 1900, 2199);
    if (!doc->has("year")) doc->reject("year", "missing: the year this calendar covers", 1);
    require_text(*doc, "source", source, "the State Council notice it follows");
    if (calendar.covered_years().contains(year))
        doc->reject("year", "a second calendar for " + std::to_string(year));
    const std::size_t n = doc->count("holiday");
    for (std::size_t i = 0; i < n; ++i) {
        const std::string base = "holiday[" + std::to_string(i) + "].";
        std::string name;
        std::vector<base::Date> off, work;
        require_text(*doc, base + "name", name, "the holiday's name");
        doc->read(base + "off", off);
        doc->read(base + "work", work);
        for (const auto& d : off) {
            if (d.year != year)
                doc->reject(base + "off", d.to_string() + " is not in " + std::to_string(year));
            calendar.set(d, WorkCalendar::DayKind::off, name);
        }
        for (const auto& d : work) {
            if (d.year != year)
                doc->reject(base + "work", d.to_string() + " is not in " + std::to_string(year));
            if (!d.is_weekend())
                doc->reject(base + "work",
                            d.to_string() + " is a weekday; make-up days are weekend days");
            calendar.set(d, WorkCalendar::DayKind::work, name);
        }
    }
    if (auto err = doc->finish()) return err;
    calendar.add_covered_year(year);
    return std::nullopt;
}

// Every file in media/, hashed. Names stay plain (the screens will look them up by name) and
// files stay under 2 GiB (a kiosk's disk is small; a longer video is not for a kiosk).
std::optional<TomlError> read_media(const fs::path& dir, std::vector<MediaFile>& media) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return std::nullopt;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const auto bad = [&](std::string why) {
            return TomlError{entry.path().string(), 0, "", std::move(why)};
        };
        if (!entry.is_regular_file()) return bad("not a file (media/ holds files only)");
        if (name.size() > 100 || name.front() == '.' ||
            name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") !=
                std::string::npos) {
            return bad("expected a name of small letters, digits, '.', '_' and '-', up to 100");
        }
        auto digest = base::sha256_file(entry.path());
        if (!digest) return bad(digest.error());
        if (digest->size == 0 || digest->size > (std::uint64_t{2} << 30)) {
            return bad("expected a file of 1 byte to 2 GiB");
        }
        media.push_back({name, digest->hash, digest->size});
    }
    if (ec) return TomlError{dir.string(), 0, "", "cannot be read: " + ec.message()};
    std::sort(media.begin(), media.end(),
              [](const MediaFile& a, const MediaFile& b) { return a.name < b.name; });
    return std::nullopt;
}

}  // namespace

std::expected<Content, TomlError> read_content_sources(const fs::path& dir) {
    Content content;
    std::map<std::string, std::string> values;
    if (!fs::is_directory(dir))
        return std::unexpected(TomlError{dir.string(), 0, "", "not a folder"});
    if (auto err = read_bundle_toml(dir, content.info, values)) return std::unexpected(*err);
    const Expander expand(std::move(values));

    std::map<std::string, fs::path> seen;
    const auto item_files = toml_files(dir / "items");
    if (item_files.empty())
        return std::unexpected(
            TomlError{(dir / "items").string(), 0, "", "no item files (*.toml)"});
    for (const auto& file : item_files) {
        Item item;
        if (auto err = read_item(file, expand, item)) return std::unexpected(*err);
        if (const auto it = seen.find(item.id); it != seen.end()) {
            auto doc = StrictToml::load(file);
            return std::unexpected(TomlError{file.string(), doc ? doc->line_of("id") : 0, "id",
                                             "duplicate id \"" + item.id + "\" (also in " +
                                                 it->second.filename().string() + ")"});
        }
        seen.emplace(item.id, file);
        content.items.push_back(std::move(item));
    }
    std::stable_sort(content.items.begin(), content.items.end(),
                     [](const Item& a, const Item& b) { return a.order < b.order; });

    if (auto err = read_help(dir, expand, content.help)) return std::unexpected(*err);
    if (auto err = read_notices(dir, expand, content.notices)) return std::unexpected(*err);
    for (const auto& file : toml_files(dir / "calendar")) {
        if (auto err = read_calendar(file, content.calendar)) return std::unexpected(*err);
    }
    if (auto err = read_media(dir / "media", content.media)) return std::unexpected(*err);
    return content;
}

namespace {

std::expected<void, std::string> write_tables(base::Database& db, const Content& c) {
    if (auto ok = db.exec(kBundleSchema); !ok) return ok;
    if (auto ok = db.exec("BEGIN"); !ok) return ok;

    auto meta = db.prepare("INSERT INTO meta(key, value) VALUES (?, ?)");
    if (!meta) return std::unexpected(meta.error());
    const std::pair<const char*, std::string> meta_rows[] = {
        {"version", std::to_string(c.info.version)},
        {"publisher", c.info.publisher},
        {"county", c.info.county},
        {"publish_date", c.info.publish_date.to_string()},
        {"expiry_date", c.info.expiry_date.to_string()},
        {"sample", c.info.sample ? "1" : "0"},
        {"page_url", c.info.page_url},
        {"help_title", c.help.title},
        {"help_qr_caption", c.help.qr_caption},
        {"help_qr_url", c.help.qr_url},
    };
    for (const auto& [k, v] : meta_rows) {
        if (auto ok = meta->bind(1, k).bind(2, v).run(); !ok) return ok;
    }
    auto item = db.prepare(
        "INSERT INTO items(id, ord, name, short_name, pictogram, summary) VALUES (?, ?, ?, ?, ?, "
        "?)");
    auto section = db.prepare("INSERT INTO sections(item_id, kind, body) VALUES (?, ?, ?)");
    if (!item || !section) return std::unexpected(db.last_error());
    for (const auto& i : c.items) {
        if (auto ok = item->bind(1, i.id)
                          .bind(2, std::int64_t{i.order})
                          .bind(3, i.name)
                          .bind(4, i.short_name)
                          .bind(5, i.pictogram)
                          .bind(6, i.summary)
                          .run();
            !ok) {
            return ok;
        }
        for (const auto& s : i.sections) {
            if (auto ok =
                    section->bind(1, i.id).bind(2, section_info(s.kind).key).bind(3, s.body).run();
                !ok) {
                return ok;
            }
        }
    }
    auto notice = db.prepare(
        "INSERT INTO notices(id, title, body, start_date, end_date) VALUES (?, ?, ?, ?, ?)");
    if (!notice) return std::unexpected(notice.error());
    for (const auto& n : c.notices) {
        if (auto ok = notice->bind(1, n.id)
                          .bind(2, n.title)
                          .bind(3, n.body)
                          .bind(4, n.start.to_string())
                          .bind(5, n.end.to_string())
                          .run();
            !ok) {
            return ok;
        }
    }
    auto help = db.prepare("INSERT INTO help_sections(ord, heading, body) VALUES (?, ?, ?)");
    if (!help) return std::unexpected(help.error());
    for (std::size_t i = 0; i < c.help.sections.size(); ++i) {
        const auto& s = c.help.sections[i];
        if (auto ok = help->bind(1, static_cast<std::int64_t>(i))
                          .bind(2, s.heading)
                          .bind(3, s.body)
                          .run();
            !ok) {
            return ok;
        }
    }
    auto year = db.prepare("INSERT INTO calendar_years(year) VALUES (?)");
    auto day = db.prepare("INSERT INTO calendar_days(date, kind, name) VALUES (?, ?, ?)");
    if (!year || !day) return std::unexpected(db.last_error());
    for (const int y : c.calendar.covered_years()) {
        if (auto ok = year->bind(1, std::int64_t{y}).run(); !ok) return ok;
    }
    for (const auto& [date, d] : c.calendar.days()) {
        const char* kind = d.first == WorkCalendar::DayKind::off ? "off" : "work";
        if (auto ok = day->bind(1, date.to_string()).bind(2, kind).bind(3, d.second).run(); !ok)
            return ok;
    }
    auto media = db.prepare("INSERT INTO media(name, sha256, size) VALUES (?, ?, ?)");
    if (!media) return std::unexpected(media.error());
    for (const auto& m : c.media) {
        if (auto ok = media->bind(1, m.name)
                          .bind(2, base::to_hex(m.sha256))
                          .bind(3, static_cast<std::int64_t>(m.size))
                          .run();
            !ok) {
            return ok;
        }
    }
    if (auto ok = db.exec("COMMIT"); !ok) return ok;
    return db.exec("VACUUM");
}

}  // namespace

std::expected<void, std::string> write_bundle(const Content& c, const fs::path& out) {
    const fs::path tmp = out.string() + ".tmp";
    std::error_code ec;
    fs::remove(tmp, ec);
    if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
    {
        auto db = base::Database::open(tmp.string(), base::Database::Mode::read_write_create);
        if (!db) return std::unexpected("cannot create " + tmp.string() + ": " + db.error());
        if (auto ok = write_tables(*db, c); !ok) {
            fs::remove(tmp, ec);
            return std::unexpected("writing " + out.string() + ": " + ok.error());
        }
    }  // closed before the rename, so the file in place is complete
    fs::rename(tmp, out, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return std::unexpected("cannot move " + tmp.string() + " into place: " + ec.message());
    }
    return {};
}

std::expected<void, std::string> export_media(const Content& content, const fs::path& src,
                                              const fs::path& out_dir) {
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) return std::unexpected(out_dir.string() + ": cannot be made: " + ec.message());
    for (const auto& m : content.media) {
        const fs::path to = out_dir / base::to_hex(m.sha256);
        if (fs::file_size(to, ec) == m.size && !ec) continue;
        fs::copy_file(src / "media" / m.name, to, fs::copy_options::overwrite_existing, ec);
        if (ec) return std::unexpected(to.string() + ": cannot be written: " + ec.message());
    }
    return {};
}

}  // namespace kiosk::core
