// kioskctl scan FILE…, id check|convert15.
#include <iostream>

#include <nlohmann/json.hpp>

#include "kiosk/core/scan_hub.hpp"
#include "kiosk/tools/kioskctl/session.hpp"
#include "scanner/id_number.hpp"

namespace kioskctl {
namespace {

struct Options {
    std::vector<std::string> files;
    bool json = false;
    std::vector<std::string> numbers;
    std::string id15;
};

int scan_files(Session& s, const Options& o) {
    // The item page pattern decides which codes open a page; without content, none do.
    if (!s.config()) return 2;
    std::string page_url;
    if (auto content = s.content()) page_url = content->info.page_url;
    int status = 0;
    for (const auto& file : o.files) {
        auto codes = kiosk::core::read_codes_in_file(file, page_url, base::today_local());
        if (!codes) {
            status = fail(2, codes.error());
            continue;
        }
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& code : *codes) {
            const auto kind = kiosk::core::scan_kind_name(code.event.kind);
            if (o.json) {
                nlohmann::ordered_json entry;
                entry["text"] = code.text;
                entry["format"] = code.format;
                entry["action"]["kind"] = kind;
                entry["action"]["id"] = code.event.target;
                list.push_back(entry);
            } else {
                std::cout << file << ": " << code.format << " " << kind
                          << (code.event.target.empty() ? "" : " " + code.event.target) << " "
                          << code.text << "\n";
            }
        }
        if (o.json) {
            nlohmann::ordered_json line;
            line["file"] = file;
            line["codes"] = list;
            std::cout << line.dump() << "\n";
        } else if (codes->empty()) {
            std::cout << file << ": no code found\n";
        }
    }
    return status;
}

int check_ids(const Options& o) {
    bool all_valid = true;
    for (const auto& n : o.numbers) {
        auto id = scanner::IdNumber::parse(n);
        all_valid = all_valid && id.has_value();
        const std::string masked = id ? id->masked() : scanner::mask_id_text(n);
        if (o.json) {
            nlohmann::ordered_json j;
            j["valid"] = id.has_value();
            j["reason"] =
                id ? nlohmann::ordered_json(nullptr)
                   : nlohmann::ordered_json(std::string(scanner::reason_code(id.error())));
            j["masked"] = masked;
            std::cout << j.dump() << "\n";
        } else if (id) {
            std::cout << masked << " valid\n";
        } else {
            std::cout << masked << " invalid " << scanner::reason_code(id.error()) << " "
                      << scanner::describe(id.error()) << "\n";
        }
    }
    return all_valid ? 0 : 1;
}

}  // namespace

void add_scan_commands(CLI::App& cli, Session& s) {
    auto o = std::make_shared<Options>();
    auto* scan = cli.add_subcommand(
        "scan", "Find every code in image files, and what the kiosk would do with each");
    scan->add_option("files", o->files, "Image files (PNG, JPEG, ...)")->required();
    scan->add_flag("--json", o->json, "One JSON object per file");
    scan->add_option("--bundle", s.bundle_flag, "Read item page addresses from this bundle");
    on_run(scan, s, [&s, o]() -> int { return scan_files(s, *o); });

    auto* id_cmd = cli.add_subcommand("id", "Resident ID numbers (GB 11643)");
    id_cmd->require_subcommand(1);
    auto* check = id_cmd->add_subcommand(
        "check", "Check numbers; prints only masked numbers (exit 1 if any is invalid)");
    check->add_option("numbers", o->numbers, "18-digit (or legacy 15-digit) numbers")->required();
    check->add_flag("--json", o->json, "One JSON object per line");
    on_run(check, s, [&s, o]() -> int { return check_ids(*o); });
    auto* convert =
        id_cmd->add_subcommand("convert15", "The 18-digit form of a legacy 15-digit number");
    convert->add_option("number", o->id15, "15 digits")->required();
    on_run(convert, s, [&s, o]() -> int {
        auto converted = scanner::convert_id15(o->id15);
        if (!converted) {
            return fail(1, scanner::describe(converted.error()), " (",
                        scanner::reason_code(converted.error()), ")");
        }
        std::cout << *converted << "\n";
        return 0;
    });
}

}  // namespace kioskctl
