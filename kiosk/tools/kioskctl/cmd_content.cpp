// kioskctl content list|show|info, bundle build|info, calendar next-help-day|add-working-days.
#include <iostream>

#include <nlohmann/json.hpp>

#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/content_store.hpp"
#include "kiosk/core/data_paths.hpp"
#include "kiosk/tools/kioskctl/session.hpp"

namespace kioskctl {
namespace {

using kiosk::core::Content;

void print_bundle_info(const Content& c, const std::string& source, std::ostream& out) {
    out << "bundle:    " << source << "\n"
        << "version:   " << c.info.version << "\n"
        << "publisher: " << c.info.publisher << "\n"
        << "county:    " << c.info.county << (c.info.sample ? " (sample content)" : "") << "\n"
        << "published: " << c.info.publish_date.to_string() << "\n"
        << "expires:   " << c.info.expiry_date.to_string() << "\n"
        << "items:     " << c.items.size() << "\n"
        << "notices:   " << c.notices.size() << "\n"
        << "calendar:  ";
    for (const int y : c.calendar.covered_years()) out << y << " ";
    out << "\n";
}

nlohmann::json item_json(const Content& c, const kiosk::core::Item& item) {
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : item.sections) {
        nlohmann::json blocks = nlohmann::json::array();
        for (const auto& b : kiosk::core::parse_blocks(s.body)) {
            blocks.push_back(
                {{"kind", b.kind == kiosk::core::TextBlock::Kind::bullet ? "bullet" : "paragraph"},
                 {"text", b.text}});
        }
        const auto& info = kiosk::core::section_info(s.kind);
        sections.push_back({{"kind", info.key}, {"title", info.title}, {"blocks", blocks}});
    }
    return {
        {"id", item.id},           {"name", item.name},          {"short_name", item.short_name},
        {"summary", item.summary}, {"url", c.page_url(item.id)}, {"sections", sections}};
}

void print_item(const Content& c, const kiosk::core::Item& item, std::ostream& out) {
    out << item.name << "（" << item.short_name << "）\n" << item.summary << "\n";
    for (const auto& s : item.sections) {
        out << "\n【" << kiosk::core::section_info(s.kind).title << "】\n";
        for (const auto& b : kiosk::core::parse_blocks(s.body)) {
            out << (b.kind == kiosk::core::TextBlock::Kind::bullet ? "  · " : "") << b.text << "\n";
        }
    }
    out << "\n" << c.page_url(item.id) << "\n";
}

std::optional<base::Date> parse_date_arg(const std::string& text) {
    auto d = base::parse_date(text);
    if (!d) fail(2, "expected a date as YYYY-MM-DD, got \"", text, "\"");
    return d;
}

void warn_uncovered(const Content& c, base::Date from, base::Date to) {
    for (int y = from.year; y <= to.year; ++y) {
        if (!c.calendar.covers({y, 1, 1})) {
            fail(0, "note: the holiday calendar does not cover ", y,
                 "; only weekends were counted as days off");
        }
    }
}

struct Options {
    std::string item_id;
    bool json = false;
    std::string src_dir, out_file, info_file, media_out;
    std::string from_text, date_text;
    int n_days = 0;
};

}  // namespace

void add_content_commands(CLI::App& cli, Session& s) {
    auto o = std::make_shared<Options>();

    auto* content_cmd =
        cli.add_subcommand("content", "What the kiosk explains, from the active content bundle");
    content_cmd->add_option(
        "--bundle", s.bundle_flag,
        "Read this bundle instead of the active one (installed, else the built-in default)");
    content_cmd->require_subcommand(1);
    on_run(content_cmd->add_subcommand("list", "One line per item: <id> <name>"), s, [&s]() -> int {
        const auto content = s.content();
        if (!content) return 2;
        for (const auto& item : content->items) std::cout << item.id << " " << item.name << "\n";
        return 0;
    });
    auto* show = content_cmd->add_subcommand("show", "An item's page, every section");
    show->add_option("id", o->item_id, "The item's id, e.g. dibao")->required();
    show->add_flag("--json", o->json, "As JSON");
    on_run(show, s, [&s, o]() -> int {
        const auto content = s.content();
        if (!content) return 2;
        const auto* item = Session::item(*content, o->item_id);
        if (!item) return 2;
        if (o->json) {
            std::cout << item_json(*content, *item).dump(2) << "\n";
        } else {
            print_item(*content, *item, std::cout);
        }
        return 0;
    });
    on_run(content_cmd->add_subcommand(
               "info", "The content in use: version, publisher, dates, expiry, signing key"),
           s, [&s]() -> int {
               if (!s.bundle_flag.empty()) {
                   std::string source;
                   const auto content = s.content(&source);
                   if (!content) return 2;
                   print_bundle_info(*content, source, std::cout);
                   return 0;
               }
               const auto* c = s.config();
               if (!c) return 2;
               auto active =
                   kiosk::core::load_active_content(c->data_dir, kiosk::core::share_dir());
               if (!active) return fail(2, active.error());
               for (const auto& why : active->refused) fail(0, "not used: ", why);
               print_bundle_info(active->content, active->source.string(), std::cout);
               if (active->manifest) {
                   std::cout << "signed:    by key " << active->manifest->key_id << " on "
                             << active->manifest->published << "\n";
               } else {
                   std::cout << "signed:    no (the default content shipped with the program)\n";
               }
               if (base::today_local() > active->content.info.expiry_date) {
                   std::cout << "EXPIRED:   past its expiry date; it is still shown. Ask the "
                                "county for new content.\n";
               }
               return 0;
           });

    auto* bundle_cmd = cli.add_subcommand("bundle", "Build and inspect content bundles");
    bundle_cmd->require_subcommand(1);
    auto* build = bundle_cmd->add_subcommand("build", "Compile content sources into a bundle file");
    build->add_option("src", o->src_dir, "Folder of sources (bundle.toml, items/, help.toml, ...)")
        ->required();
    build->add_option("out", o->out_file, "Bundle file to write")->required();
    build->add_option("--media-out", o->media_out,
                      "Where the media files go, named by SHA-256 as kiosks fetch them (default: "
                      "media/ beside the bundle)");
    on_run(build, s, [&s, o]() -> int {
        auto content = kiosk::core::read_content_sources(o->src_dir);
        if (!content) {
            return fail(2, content.error().describe());
        }
        if (auto ok = kiosk::core::write_bundle(*content, o->out_file); !ok) {
            return fail(2, ok.error());
        }
        if (!content->media.empty()) {
            const auto out_dir = o->media_out.empty()
                                     ? std::filesystem::path(o->out_file).parent_path() / "media"
                                     : std::filesystem::path(o->media_out);
            if (auto ok = kiosk::core::export_media(*content, o->src_dir, out_dir); !ok) {
                return fail(2, ok.error());
            }
        }
        std::cout << "built " << o->out_file << ": version " << content->info.version << ", "
                  << content->items.size() << " items, " << content->notices.size() << " notices, "
                  << content->media.size() << " media files\n";
        return 0;
    });
    auto* info =
        bundle_cmd->add_subcommand("info", "Version, publisher and dates of a bundle file");
    info->add_option("file", o->info_file, "The bundle file")->required();
    on_run(info, s, [&s, o]() -> int {
        auto content = kiosk::core::load_bundle(o->info_file);
        if (!content) {
            return fail(2, content.error());
        }
        print_bundle_info(*content, o->info_file, std::cout);
        return 0;
    });

    auto* calendar_cmd =
        cli.add_subcommand("calendar", "Working days by the holiday calendar of the active bundle");
    calendar_cmd->add_option("--bundle", s.bundle_flag,
                             "Read this bundle instead of the active one");
    calendar_cmd->require_subcommand(1);
    auto* next_help = calendar_cmd->add_subcommand(
        "next-help-day", "The next 主动帮办日 (the 6th, or the next working day), as YYYY-MM-DD");
    next_help->add_option("--from", o->from_text,
                          "Start from this day (YYYY-MM-DD; default today)");
    on_run(next_help, s, [&s, o]() -> int {
        const auto content = s.content();
        if (!content) return 2;
        const auto from = o->from_text.empty() ? std::optional(base::today_local())
                                               : parse_date_arg(o->from_text);
        if (!from) return 2;
        const auto day = content->calendar.next_help_day(*from);
        warn_uncovered(*content, *from, day);
        std::cout << day.to_string() << "\n";
        return 0;
    });
    auto* add_days =
        calendar_cmd->add_subcommand("add-working-days", "The Nth working day after a date");
    add_days->add_option("date", o->date_text, "YYYY-MM-DD")->required();
    add_days->add_option("n", o->n_days, "How many working days")
        ->required()
        ->check(CLI::Range(0, 10000));
    on_run(add_days, s, [&s, o]() -> int {
        const auto content = s.content();
        if (!content) return 2;
        const auto from = parse_date_arg(o->date_text);
        if (!from) return 2;
        const auto day = content->calendar.add_working_days(*from, o->n_days);
        warn_uncovered(*content, *from, day);
        std::cout << day.to_string() << "\n";
        return 0;
    });
}

}  // namespace kioskctl
