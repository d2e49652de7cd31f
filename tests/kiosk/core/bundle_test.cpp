// Tests kiosk/core/bundle_builder and bundle_reader: the default content builds complete; every
// kind of bad source fails the build naming the file and line; bad bundle files are refused and
// the kiosk falls back to the built-in default.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/content_store.hpp"

namespace fs = std::filesystem;
using namespace kiosk::core;

namespace {

const fs::path kSources = fs::path(SOURCE_DIR) / "kiosk" / "content";

fs::path scratch(const std::string& name) {
    const auto dir =
        fs::temp_directory_path() / ("mingbai-bundle-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A copy of the default sources with one file's text replaced by `edit(text)`.
fs::path edited_sources(const std::string& name, const std::string& file,
                        const std::function<std::string(std::string)>& edit) {
    const auto dir = scratch(name);
    fs::copy(kSources, dir, fs::copy_options::recursive);
    std::ifstream in(dir / file);
    std::stringstream text;
    text << in.rdbuf();
    in.close();
    std::ofstream(dir / file, std::ios::trunc) << edit(text.str());
    return dir;
}

std::string build_error(const fs::path& dir) {
    auto c = read_content_sources(dir);
    return c ? std::string("built") : c.error().describe();
}

}  // namespace

TEST_CASE("the default content builds with every item and every section") {
    auto content = read_content_sources(kSources);
    REQUIRE_MESSAGE(content, (content ? "" : content.error().describe()));
    const std::vector<std::string> ids = {"dibao",  "tekun",  "dibao_bianyuan", "gangxing",
                                          "linshi", "yiliao", "jiaoyu",         "zhufang",
                                          "jiuye",  "shouzai"};
    REQUIRE(content->items.size() == ids.size());
    for (const auto& id : ids) {
        CAPTURE(id);
        const auto* item = content->item(id);
        REQUIRE(item);
        CHECK(!item->summary.empty());
        REQUIRE(item->sections.size() == kSectionCount);
        for (std::size_t i = 0; i < kSectionCount; ++i) {
            CHECK(item->sections[i].kind == kSections[i].kind);
            CHECK(!parse_blocks(item->sections[i].body).empty());
            // County facts come from [values]; no placeholder may survive the build.
            CHECK(item->sections[i].body.find("{{") == std::string::npos);
        }
    }
    CHECK(content->info.sample);
    CHECK(content->info.county == "示例县");
    CHECK(content->page_url("dibao").find("dibao") != std::string::npos);
    CHECK(!content->help.qr_url.empty());
    CHECK(!content->notices.empty());
}

TEST_CASE("the 低保 page carries the deadlines of reference/003") {
    auto content = read_content_sources(kSources);
    REQUIRE(content);
    const auto* process = content->item("dibao")->section(SectionKind::process);
    REQUIRE(process);
    for (const char* fact : {"20个工作日", "45个工作日", "3个工作日", "10日"}) {
        CAPTURE(fact);
        CHECK(process->body.find(fact) != std::string::npos);
    }
    const auto* apply = content->item("linshi")->section(SectionKind::apply);
    const auto* policy = content->item("linshi")->section(SectionKind::policy);
    CHECK((apply->body + policy->body).find("户口") != std::string::npos);
}

TEST_CASE("a missing section fails the build with file, line and what is missing") {
    const auto dir = edited_sources("missing-section", "items/dibao.toml", [](std::string t) {
        return std::regex_replace(t, std::regex("\nmaterials = \"\"\"[\\s\\S]*?\"\"\"\n"), "\n");
    });
    const auto err = build_error(dir);
    CHECK_MESSAGE(err.find("dibao.toml:") != std::string::npos, err);
    CHECK_MESSAGE(err.find("sections.materials: missing section \"materials\" (所需材料)") !=
                      std::string::npos,
                  err);
}

TEST_CASE("an unknown key fails the build naming it and its line") {
    const auto dir = edited_sources("unknown-key", "items/tekun.toml",
                                    [](std::string t) { return "titel = \"x\"\n" + t; });
    CHECK(build_error(dir).find("tekun.toml:1: titel: unknown key") != std::string::npos);
}

TEST_CASE("a bad date fails the build naming the key") {
    const auto dir = edited_sources("bad-date", "notices.toml", [](std::string t) {
        return std::regex_replace(t, std::regex("end = [0-9-]+"), "end = \"2026-13-01\"",
                                  std::regex_constants::format_first_only);
    });
    const auto err = build_error(dir);
    CHECK_MESSAGE(err.find("notices.toml:") != std::string::npos, err);
    CHECK_MESSAGE(err.find("notice[0].end: expected a date as YYYY-MM-DD, got \"2026-13-01\"") !=
                      std::string::npos,
                  err);
}

TEST_CASE("a duplicate id fails the build naming both files") {
    const auto dir = edited_sources("duplicate", "items/tekun.toml", [](std::string t) {
        return std::regex_replace(t, std::regex("id = \"tekun\""), "id = \"dibao\"");
    });
    const auto err = build_error(dir);
    CHECK_MESSAGE(err.find("tekun.toml:") != std::string::npos, err);
    CHECK_MESSAGE(err.find("id: duplicate id \"dibao\" (also in dibao.toml)") != std::string::npos,
                  err);
}

TEST_CASE("an unknown {{value}} and a make-up day on a weekday fail the build") {
    const auto value = edited_sources("unknown-value", "items/jiuye.toml", [](std::string t) {
        return std::regex_replace(t, std::regex("summary = \""), "summary = \"{{no_such_value}}");
    });
    CHECK(build_error(value).find("summary: unknown value {{no_such_value}}") != std::string::npos);
    const auto workday = edited_sources("weekday-workday", "calendar/2025.toml", [](std::string t) {
        return std::regex_replace(t, std::regex("work = \\[2025-04-27\\]"), "work = [2025-04-28]");
    });
    CHECK(build_error(workday).find("2025-04-28 is a weekday") != std::string::npos);
}

TEST_CASE("a bundle written and read back holds the same content") {
    auto content = read_content_sources(kSources);
    REQUIRE(content);
    const auto file = scratch("roundtrip") / "b.bundle";
    REQUIRE(write_bundle(*content, file));
    auto back = load_bundle(file);
    REQUIRE_MESSAGE(back, (back ? "" : back.error()));
    CHECK(back->info.version == content->info.version);
    CHECK(back->items.size() == content->items.size());
    CHECK(back->all_text() == content->all_text());
    CHECK(back->calendar.next_help_day({2025, 10, 1}) == base::Date{2025, 10, 9});
    CHECK_FALSE(fs::exists(file.string() + ".tmp"));
}

TEST_CASE("corrupt and truncated bundles are refused, the kiosk falls back to the default") {
    auto content = read_content_sources(kSources);
    REQUIRE(content);
    const auto share = scratch("share");
    REQUIRE(write_bundle(*content, default_bundle_path(share)));
    const auto data = scratch("data");
    const auto installed = installed_bundle_path(data);
    fs::create_directories(installed.parent_path());

    SUBCASE("garbage bytes") {
        std::ofstream(installed) << "not a bundle at all";
    }
    SUBCASE("truncated to half") {
        fs::copy_file(default_bundle_path(share), installed);
        fs::resize_file(installed, fs::file_size(installed) / 2);
    }
    SUBCASE("an empty file") {
        std::ofstream(installed).flush();
    }

    auto refused = load_bundle(installed);
    CHECK_FALSE(refused);
    auto active = load_active_content(data, share);
    REQUIRE(active);
    CHECK(active->source == default_bundle_path(share));
    REQUIRE(active->refused.size() == 1);
    CHECK(active->refused[0].find(installed.string()) == 0);
    CHECK(active->content.items.size() == content->items.size());
}

TEST_CASE("a bundle whose page address has no {id} is refused as bundle build refuses it") {
    auto content = read_content_sources(kSources);
    REQUIRE(content);
    content->info.page_url = "https://mz.example.gov.cn/mingbai/";
    const auto file = scratch("no-id") / "c.bundle";
    REQUIRE(write_bundle(*content, file));
    auto loaded = load_bundle(file);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error() == file.string() + ": page_url has no {id} where the item's id goes");
}

TEST_CASE("a bundle copied in by hand, without its signed manifest, is not used") {
    auto content = read_content_sources(kSources);
    REQUIRE(content);
    const auto share = scratch("share2");
    const auto data = scratch("data2");
    REQUIRE(write_bundle(*content, default_bundle_path(share)));
    content->info.version += 1;
    REQUIRE(write_bundle(*content, installed_bundle_path(data)));
    auto active = load_active_content(data, share);
    REQUIRE(active);
    CHECK(active->source == default_bundle_path(share));
    REQUIRE(active->refused.size() == 1);
    CHECK(active->refused[0] == installed_bundle_path(data).string() + ": no manifest beside it");
}

TEST_CASE("notices are shown only from their start to their end date") {
    auto content = read_content_sources(kSources);
    REQUIRE(content);
    auto ids = [&](base::Date day) {
        std::vector<std::string> out;
        for (const auto* n : content->notices_on(day)) out.push_back(n->id);
        return out;
    };
    CHECK(ids({2026, 11, 22}) == std::vector<std::string>{"banbanri-2026-12", "niandu-hecha-2027"});
    CHECK(ids({2026, 12, 7}) == std::vector<std::string>{"banbanri-2026-12", "niandu-hecha-2027"});
    CHECK(ids({2026, 12, 8}) == std::vector<std::string>{"niandu-hecha-2027"});
    CHECK(ids({2025, 12, 31}) == std::vector<std::string>{"dongchun-2025"});
    CHECK(ids({2027, 2, 1}).empty());
}
