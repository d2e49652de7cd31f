// kioskctl: staff and county engineers drive the same kiosk core from a shell.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <iterator>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "kiosk/core/bundle_builder.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/data_paths.hpp"
#include "kiosk/core/print_service.hpp"
#include "kiosk/core/request_service.hpp"
#include "kiosk/core/status_query.hpp"
#include "net/benefits.hpp"
#include "kiosk/core/sheets.hpp"
#include "printer/emulator/escpos_emulator.hpp"
#include "printer/print_job.hpp"
#include "printer/transport.hpp"
#include "scanner/code_reader.hpp"
#include "scanner/id_number.hpp"
#include "scanner/payload.hpp"

namespace {

using kiosk::core::Config;

// Quotes a TOML string value.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void print_config(const Config& c, std::ostream& out) {
    out << "# effective configuration, from "
        << (c.source.empty() ? "built-in defaults" : c.source.string()) << "\n"
        << "[station]\nname = " << quoted(c.station.name)
        << "\nhotline = " << quoted(c.station.hotline)
        << "\nwelcome = " << quoted(c.station.welcome)
        << "\nsample = " << (c.station.sample ? "true" : "false")
        << "\nstaff = " << quoted(c.station.staff)
        << "\n\n[display]\nwidth = " << c.display.width << "\nheight = " << c.display.height
        << "\nfullscreen = " << (c.display.fullscreen ? "true" : "false")
        << "\nrenderer = " << quoted(c.display.renderer)
        << "\n\n[ui]\ntheme = " << quoted(c.ui.theme) << "\nfont = " << quoted(c.ui.font)
        << "\nfont_index = " << c.ui.font_index
        << "\nidle_reset_seconds = " << c.ui.idle_reset_seconds
        << "\nidle_countdown_seconds = " << c.ui.idle_countdown_seconds << "\n\n[printer]\ntransport = "
        << quoted(c.printer.transport) << "\nprofile = " << quoted(c.printer.profile)
        << "\nroll_length_m = " << c.printer.roll_length_m << "\n\n[scanner]\nwedge_max_key_gap_ms = "
        << c.scanner.wedge_max_key_gap_ms << "\nwedge_min_length = " << c.scanner.wedge_min_length
        << "\ncamera = " << quoted(c.scanner.camera) << "\ncard_reader = " << quoted(c.scanner.card_reader)
        << "\n\n[county]\nurl = " << quoted(c.county.url)
        << (c.county.token.empty() ? "\ntoken = \"\"" : "\n# token is set; not shown")
        << "\nkiosk_id = " << quoted(c.county.kiosk_id)
        << "\n\n[log]\nlevel = " << quoted(c.log.level)
        << "\n\n[paths]\ndata_dir = " << quoted(c.data_dir.string()) << "\n";
}

void print_bundle_info(const kiosk::core::Content& c, const std::string& source,
                       std::ostream& out) {
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

nlohmann::json item_json(const kiosk::core::Content& c, const kiosk::core::Item& item) {
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

void print_item(const kiosk::core::Content& c, const kiosk::core::Item& item, std::ostream& out) {
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
    if (!d) std::cerr << "kioskctl: expected a date as YYYY-MM-DD, got \"" << text << "\"\n";
    return d;
}

void warn_uncovered(const kiosk::core::Content& c, base::Date from, base::Date to) {
    for (int y = from.year; y <= to.year; ++y) {
        if (!c.calendar.covers({y, 1, 1})) {
            std::cerr << "kioskctl: note: the holiday calendar does not cover " << y
                      << "; only weekends were counted as days off\n";
        }
    }
}

int render_escpos(const std::string& in_path, const std::string& out_path, int width) {
    std::ifstream in(in_path, std::ios::binary);
    if (!in) {
        std::cerr << "kioskctl: cannot read " << in_path << "\n";
        return 2;
    }
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    printer::emulator::EmulatorOptions options;
    options.width_dots = width;
    printer::emulator::EscPosEmulator emulator(options);
    emulator.feed(bytes);
    for (const auto& u : emulator.unknown_commands()) std::cerr << "kioskctl: not understood: " << u << "\n";
    std::vector<printer::Bitmap> sheets = emulator.sheets();
    if (const auto rest = emulator.current(); rest.height() > 0) sheets.push_back(rest);  // printed but not cut
    if (sheets.empty()) {
        std::cerr << "kioskctl: " << in_path << " prints nothing\n";
        return 1;
    }
    const std::filesystem::path out(out_path);
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        auto path = out;
        if (i > 0) path.replace_filename(out.stem().string() + "-" + std::to_string(i + 1) + out.extension().string());
        if (!printer::write_png(path.c_str(), sheets[i])) {
            std::cerr << "kioskctl: cannot write " << path << "\n";
            return 2;
        }
        std::cout << path.string() << ": " << sheets[i].width() << "x" << sheets[i].height() << " dots\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"kioskctl: the 明白站 kiosk from a shell, for village staff and county engineers.",
                 "kioskctl"};
    cli.require_subcommand(1);
    std::string config_flag, data_dir_flag;
    cli.add_option("--config", config_flag,
                   "Config file (default $MINGBAI_CONFIG, else /etc/mingbai/kiosk.toml)");
    cli.add_option(
        "--data-dir", data_dir_flag,
        "State folder (default $MINGBAI_DATA_DIR, else the config's, else /var/lib/mingbai)");

    auto* config_cmd = cli.add_subcommand("config", "Check or show the configuration");
    config_cmd->require_subcommand(1);
    auto* check_cmd = config_cmd->add_subcommand(
        "check",
        "Read the config as the kiosk would; exit 0 if it would start, 2 with the reason if not");
    auto* show_cmd =
        config_cmd->add_subcommand("show", "Print the effective configuration as TOML");
    auto* version_cmd = cli.add_subcommand("version", "Print the kioskctl version");

    std::string bundle_flag;
    auto* content_cmd =
        cli.add_subcommand("content", "What the kiosk explains, from the active content bundle");
    content_cmd->add_option(
        "--bundle", bundle_flag,
        "Read this bundle instead of the active one (installed, else the built-in default)");
    content_cmd->require_subcommand(1);
    auto* content_list = content_cmd->add_subcommand("list", "One line per item: <id> <name>");
    auto* content_show = content_cmd->add_subcommand("show", "An item's page, every section");
    std::string item_id;
    bool json = false;
    content_show->add_option("id", item_id, "The item's id, e.g. dibao")->required();
    content_show->add_flag("--json", json, "As JSON");
    auto* content_info =
        content_cmd->add_subcommand("info", "Version, publisher and dates of the bundle");

    auto* bundle_cmd = cli.add_subcommand("bundle", "Build and inspect content bundles");
    bundle_cmd->require_subcommand(1);
    auto* bundle_build =
        bundle_cmd->add_subcommand("build", "Compile content sources into a bundle file");
    std::string src_dir, out_file, info_file;
    bundle_build
        ->add_option("src", src_dir, "Folder of sources (bundle.toml, items/, help.toml, ...)")
        ->required();
    bundle_build->add_option("out", out_file, "Bundle file to write")->required();
    auto* bundle_info =
        bundle_cmd->add_subcommand("info", "Version, publisher and dates of a bundle file");
    bundle_info->add_option("file", info_file, "The bundle file")->required();

    auto* calendar_cmd =
        cli.add_subcommand("calendar", "Working days by the holiday calendar of the active bundle");
    calendar_cmd->add_option("--bundle", bundle_flag, "Read this bundle instead of the active one");
    calendar_cmd->require_subcommand(1);
    auto* next_help = calendar_cmd->add_subcommand(
        "next-help-day", "The next 主动帮办日 (the 6th, or the next working day), as YYYY-MM-DD");
    std::string from_text, date_text;
    int n_days = 0;
    next_help->add_option("--from", from_text, "Start from this day (YYYY-MM-DD; default today)");
    auto* add_days =
        calendar_cmd->add_subcommand("add-working-days", "The Nth working day after a date");
    add_days->add_option("date", date_text, "YYYY-MM-DD")->required();
    add_days->add_option("n", n_days, "How many working days")
        ->required()
        ->check(CLI::Range(0, 10000));

    std::string printer_flag, profile_flag, print_item_id;
    auto* print_cmd = cli.add_subcommand("print", "Print an item's 明白纸 now, on this thread");
    print_cmd->add_option("item", print_item_id, "The item's id, e.g. dibao")->required();
    print_cmd->add_option("--printer", printer_flag,
                          "file:PATH, tcp:HOST:PORT, serial:DEVICE?baud=N, usb:/dev/usb/lpN or emulator:DIR "
                          "(default: the config's)");
    print_cmd->add_option("--profile", profile_flag, "Printer profile: 80mm, 58mm, 80mm-180dpi, 80mm-text");
    print_cmd->add_option("--bundle", bundle_flag, "Read this bundle instead of the active one");

    auto* escpos_cmd = cli.add_subcommand("escpos", "Look at ESC/POS bytes");
    escpos_cmd->require_subcommand(1);
    auto* render_cmd = escpos_cmd->add_subcommand(
        "render", "Render ESC/POS bytes as the emulator prints them: one PNG per cut sheet");
    std::string render_in, render_out;
    int render_width = 576;
    render_cmd->add_option("in", render_in, "File of ESC/POS bytes")->required();
    render_cmd->add_option("out", render_out, "PNG to write (OUT-2.png... for further sheets)")->required();
    render_cmd->add_option("--width", render_width, "Paper width in dots")->capture_default_str();

    auto* printer_cmd = cli.add_subcommand("printer", "The printer: status, a test page, the paper");
    printer_cmd->require_subcommand(1);
    auto* status_cmd = printer_cmd->add_subcommand("status", "Ask the printer how it is (exit 0 ready, 1 not ready)");
    status_cmd->add_option("--printer", printer_flag, "The printer (default: the config's)");
    auto* test_cmd = printer_cmd->add_subcommand("test", "Print a test page");
    test_cmd->add_option("--printer", printer_flag, "The printer (default: the config's)");
    test_cmd->add_option("--profile", profile_flag, "Printer profile (default: the config's)");
    auto* paper_cmd = printer_cmd->add_subcommand("paper", "How much paper is left on the roll (an estimate)");
    auto* refilled_cmd = printer_cmd->add_subcommand("refilled", "A new roll is in: start counting from zero");

    auto* scan_cmd = cli.add_subcommand("scan", "Find every code in image files, and what the kiosk would do with each");
    std::vector<std::string> scan_files;
    bool scan_json = false;
    scan_cmd->add_option("files", scan_files, "Image files (PNG, JPEG, ...)")->required();
    scan_cmd->add_flag("--json", scan_json, "One JSON object per file");
    scan_cmd->add_option("--bundle", bundle_flag, "Read item page addresses from this bundle");

    auto* id_cmd = cli.add_subcommand("id", "Resident ID numbers (GB 11643)");
    id_cmd->require_subcommand(1);
    auto* id_check_cmd = id_cmd->add_subcommand("check", "Check numbers; prints only masked numbers (exit 1 if any is invalid)");
    std::vector<std::string> id_numbers;
    bool id_json = false;
    id_check_cmd->add_option("numbers", id_numbers, "18-digit (or legacy 15-digit) numbers")->required();
    id_check_cmd->add_flag("--json", id_json, "One JSON object per line");
    auto* id_convert_cmd = id_cmd->add_subcommand("convert15", "The 18-digit form of a legacy 15-digit number");
    std::string id15;
    id_convert_cmd->add_option("number", id15, "15 digits")->required();

    auto* request_cmd = cli.add_subcommand("request", "帮办代办 requests in the outbox");
    request_cmd->require_subcommand(1);
    auto* submit_cmd = request_cmd->add_subcommand("submit", "Store a request as the screen would");
    std::string req_item, req_service, req_id, req_phone, req_no;
    std::vector<std::string> req_missing;
    bool req_json = false;
    submit_cmd->add_option("--item", req_item, "Item id, e.g. linshi (see `kioskctl content list`)")->required();
    submit_cmd->add_option("--service", req_service, "登记咨询 表格填写 材料审核 要件传递 信息查询 证件邮寄 打印复印 上门帮办")
        ->required();
    submit_cmd->add_option("--id", req_id, "The resident's ID number")->required();
    submit_cmd->add_option("--phone", req_phone, "A mobile number, 11 digits")->required();
    submit_cmd->add_option("--missing", req_missing, "A material still missing (repeatable)");
    submit_cmd->add_flag("--json", req_json,
                         "Print {\"request_no\":…, \"idempotency_key\":…} once the request is durable");
    auto* req_list_cmd = request_cmd->add_subcommand("list", "Every request in the outbox");
    req_list_cmd->add_flag("--json", req_json, "One JSON object per line");
    auto* req_show_cmd = request_cmd->add_subcommand("show", "One request");
    req_show_cmd->add_option("no", req_no, "The request number on the receipt, e.g. A-20261122-0007")->required();

    auto* sync_cmd = cli.add_subcommand("sync", "Deliver requests to the county and fetch replies, on this thread");
    bool sync_once_flag = false, sync_until_empty = false;
    int sync_timeout_s = 120;
    sync_cmd->add_flag("--once", sync_once_flag, "One pass");
    sync_cmd->add_flag("--until-empty", sync_until_empty, "Until nothing is left to send (exit 0), or the time runs out (exit 1)");
    sync_cmd->add_option("--timeout", sync_timeout_s, "Seconds for --until-empty")->capture_default_str();

    auto* ledger_cmd = cli.add_subcommand("ledger", "The 帮办代办 ledger (台账)");
    ledger_cmd->require_subcommand(1);
    auto* ledger_export = ledger_cmd->add_subcommand("export", "Export a quarter's ledger as CSV");
    std::string quarter, csv_file;
    ledger_export->add_option("--quarter", quarter, "e.g. 2025Q3")->required();
    ledger_export->add_option("--csv", csv_file, "The CSV file to write")->required();

    auto* status_cmd2 = cli.add_subcommand("status", "A resident's benefits (享受待遇信息) from the county");
    status_cmd2->require_subcommand(1);
    auto* status_query_cmd = status_cmd2->add_subcommand("query", "What the screen would show; exit 1 when the county cannot be reached");
    std::string status_id;
    bool status_json = false;
    status_query_cmd->add_option("number", status_id, "The resident's ID number")->required();
    status_query_cmd->add_flag("--json", status_json, "As JSON");

    CLI11_PARSE(cli, argc, argv);

    if (id_check_cmd->parsed()) {
        bool all_valid = true;
        for (const auto& n : id_numbers) {
            auto id = scanner::IdNumber::parse(n);
            all_valid = all_valid && id.has_value();
            const std::string masked = id ? id->masked() : scanner::mask_id_text(n);
            if (id_json) {
                nlohmann::ordered_json j;
                j["valid"] = id.has_value();
                j["reason"] = id ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(scanner::reason_code(id.error())));
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
    if (id_convert_cmd->parsed()) {
        auto converted = scanner::convert_id15(id15);
        if (!converted) {
            std::cerr << "kioskctl: " << scanner::describe(converted.error()) << " ("
                      << scanner::reason_code(converted.error()) << ")\n";
            return 1;
        }
        std::cout << *converted << "\n";
        return 0;
    }

    if (render_cmd->parsed()) return render_escpos(render_in, render_out, render_width);

    if (version_cmd->parsed()) {
        std::cout << "kioskctl " << MINGBAI_VERSION << "\n";
        return 0;
    }

    const auto where = kiosk::core::locate_config(config_flag);
    auto config = kiosk::core::load_config(where.path, where.required);
    if (!config) {
        std::cerr << "kioskctl: configuration problem: " << config.error().describe() << "\n";
        return 2;
    }
    kiosk::core::apply_data_dir_overrides(*config, data_dir_flag);

    if (bundle_build->parsed()) {
        auto content = kiosk::core::read_content_sources(src_dir);
        if (!content) {
            std::cerr << "kioskctl: " << content.error().describe() << "\n";
            return 2;
        }
        if (auto ok = kiosk::core::write_bundle(*content, out_file); !ok) {
            std::cerr << "kioskctl: " << ok.error() << "\n";
            return 2;
        }
        std::cout << "built " << out_file << ": version " << content->info.version << ", "
                  << content->items.size() << " items, " << content->notices.size() << " notices\n";
        return 0;
    }
    if (bundle_info->parsed()) {
        auto content = kiosk::core::load_bundle(info_file);
        if (!content) {
            std::cerr << "kioskctl: " << content.error() << "\n";
            return 2;
        }
        print_bundle_info(*content, info_file, std::cout);
        return 0;
    }
    if (request_cmd->parsed() || sync_cmd->parsed() || ledger_cmd->parsed()) {
        if (auto ok = kiosk::core::prepare_data_dir(config->data_dir); !ok) {
            std::cerr << "kioskctl: " << ok.error() << "\n";
            return 2;
        }
        auto svc = kiosk::core::RequestService::create(*config, {}, false);
        if (!svc) {
            std::cerr << "kioskctl: " << svc.error() << "\n";
            return 2;
        }
        auto& requests = **svc;
        auto request_json = [](const net::StoredRequest& r) {
            nlohmann::ordered_json j;
            j["request_no"] = r.local_no;
            j["idempotency_key"] = r.idempotency_key;
            j["state"] = net::state_name(r.state);
            j["item"] = r.item;
            j["service"] = r.service;
            j["id"] = r.id_masked;
            j["case_no"] = r.case_no;
            j["reply_state"] = r.reply_state;
            j["reply_text"] = r.reply_text;
            j["rating"] = r.rating;
            j["attempts"] = r.attempts;
            j["last_error"] = r.last_error;
            return j;
        };
        if (submit_cmd->parsed()) {
            auto id = scanner::IdNumber::parse(req_id);
            if (!id) {
                std::cerr << "kioskctl: --id: " << scanner::describe(id.error()) << " (" << scanner::reason_code(id.error())
                          << ")\n";
                return 2;
            }
            if (!kiosk::core::valid_phone(req_phone)) {
                std::cerr << "kioskctl: --phone: expected an 11-digit mobile number\n";
                return 2;
            }
            if (std::find(kiosk::core::kServices.begin(), kiosk::core::kServices.end(), req_service) ==
                kiosk::core::kServices.end()) {
                std::cerr << "kioskctl: --service: expected one of 登记咨询 表格填写 材料审核 要件传递 信息查询 证件邮寄 "
                             "打印复印 上门帮办\n";
                return 2;
            }
            auto active = kiosk::core::load_active_content(config->data_dir, kiosk::core::share_dir());
            if (!active) {
                std::cerr << "kioskctl: " << active.error() << "\n";
                return 2;
            }
            if (!active->content.item(req_item)) {
                std::cerr << "kioskctl: --item: no item \"" << req_item << "\" (see `kioskctl content list`)\n";
                return 2;
            }
            kiosk::core::RequestDraft draft{req_item, req_service, *id, req_phone, req_missing};
            auto stored = requests.submit(draft, active->content, base::today_local());
            if (!stored) {
                std::cerr << "kioskctl: not stored: " << stored.error() << "\n";
                return 1;
            }
            if (req_json) {
                nlohmann::ordered_json j;
                j["request_no"] = stored->local_no;
                j["idempotency_key"] = stored->idempotency_key;
                std::cout << j.dump() << std::endl;
            } else {
                std::cout << "stored " << stored->local_no << " (" << stored->item_name << ", " << stored->service
                          << ", " << stored->id_masked << ")" << std::endl;
            }
            return 0;
        }
        if (req_list_cmd->parsed()) {
            for (const auto& r : requests.list()) {
                if (req_json) {
                    std::cout << request_json(r).dump() << "\n";
                } else {
                    std::cout << r.local_no << " " << net::state_name(r.state) << " " << r.item_name << " " << r.service
                              << " " << r.id_masked << (r.case_no.empty() ? "" : " " + r.case_no)
                              << (r.reply_state.empty() ? "" : " " + r.reply_state) << "\n";
                }
            }
            return 0;
        }
        if (req_show_cmd->parsed()) {
            const auto r = requests.find(req_no);
            if (!r) {
                std::cerr << "kioskctl: no request " << req_no << "\n";
                return 2;
            }
            std::cout << request_json(*r).dump(2) << "\n";
            return 0;
        }
        if (sync_cmd->parsed()) {
            auto* sync = requests.sync();
            if (!sync) {
                std::cerr << "kioskctl: no county configured ([county] url in " << config->source.string() << ")\n";
                return 2;
            }
            if (sync_until_empty) {
                const bool empty = sync->until_empty(std::chrono::seconds(sync_timeout_s));
                std::cout << (empty ? "nothing left to send" : "still waiting to send: time ran out") << "\n";
                return empty ? 0 : 1;
            }
            const auto s2 = sync->sync_once();
            std::cout << "sent " << s2.sent << ", failed " << s2.failed << ", replies " << s2.replies << ", ratings "
                      << s2.ratings << ", pending " << s2.pending << "\n";
            return 0;
        }
        if (ledger_export->parsed()) {
            auto csv = kiosk::core::ledger_csv(requests.list(), quarter);
            if (!csv) {
                std::cerr << "kioskctl: --quarter: " << csv.error() << "\n";
                return 2;
            }
            std::ofstream out(csv_file, std::ios::binary | std::ios::trunc);
            out << *csv;
            if (!out) {
                std::cerr << "kioskctl: cannot write " << csv_file << "\n";
                return 2;
            }
            std::cout << "wrote " << csv_file << "\n";
            return 0;
        }
    }
    if (status_query_cmd->parsed()) {
        auto id = scanner::IdNumber::parse(status_id);
        if (!id) {
            std::cerr << "kioskctl: " << scanner::describe(id.error()) << " (" << scanner::reason_code(id.error()) << ")\n";
            return 2;
        }
        if (config->county.url.empty()) {
            std::cerr << "kioskctl: no county configured ([county] url)\n";
            return 2;
        }
        auto answer = net::query_benefits(kiosk::core::county_http(*config), id->full_number_for_transmission());
        if (!answer) {
            std::cerr << "kioskctl: " << (answer.error().kind == net::BenefitQueryError::Kind::unreachable
                                              ? "the county cannot be reached: "
                                              : "the county did not answer the query: ")
                      << answer.error().message << "\n";
            return 1;
        }
        if (status_json) {
            nlohmann::ordered_json j;
            j["id"] = id->masked();
            j["benefits"] = nlohmann::ordered_json::array();
            for (const auto& b : *answer) {
                nlohmann::ordered_json e;
                e["item"] = b.item;
                e["amount_yuan"] = b.amount_yuan;
                e["start_date"] = b.start_date;
                e["pay_day"] = b.pay_day;
                e["status"] = b.status;
                e["last_payment_date"] = b.last_payment_date;
                e["last_payment_yuan"] = b.last_payment_yuan;
                e["next_review"] = b.next_review;
                e["stop_date"] = b.stop_date;
                e["stop_reason"] = b.stop_reason;
                j["benefits"].push_back(e);
            }
            std::cout << j.dump() << "\n";
        } else if (answer->empty()) {
            std::cout << id->masked() << ": no record\n";
        } else {
            for (const auto& b : *answer) {
                std::cout << id->masked() << ": " << b.item << " " << b.status << ", " << b.amount_yuan << " yuan a month since "
                          << b.start_date << ", paid by day " << b.pay_day;
                if (!b.last_payment_date.empty()) std::cout << ", last " << b.last_payment_date << " " << b.last_payment_yuan;
                if (b.status == "stopped") std::cout << ", stopped " << b.stop_date << ": " << b.stop_reason;
                else if (!b.next_review.empty()) std::cout << ", next review " << b.next_review;
                std::cout << "\n";
            }
        }
        return 0;
    }
    if (scan_cmd->parsed()) {
        std::string page_url;
        if (!bundle_flag.empty()) {
            if (auto b = kiosk::core::load_bundle(bundle_flag)) page_url = b->info.page_url;
        } else if (auto active = kiosk::core::load_active_content(config->data_dir, kiosk::core::share_dir())) {
            page_url = active->content.info.page_url;
        }
        int status = 0;
        for (const auto& file : scan_files) {
            auto image = scanner::load_image(file);
            if (!image) {
                std::cerr << "kioskctl: " << image.error() << "\n";
                status = 2;
                continue;
            }
            nlohmann::ordered_json codes = nlohmann::ordered_json::array();
            for (const auto& code : scanner::read_codes(*image)) {
                const auto action = scanner::classify_payload(code.text, page_url);
                // An ID number is never printed whole.
                const std::string text = action.kind == scanner::PayloadAction::Kind::id ? action.id : code.text;
                if (scan_json) {
                    nlohmann::ordered_json entry;
                    entry["text"] = text;
                    entry["format"] = code.format;
                    entry["action"]["kind"] = scanner::kind_name(action.kind);
                    entry["action"]["id"] = action.id;
                    codes.push_back(entry);
                } else {
                    std::cout << file << ": " << code.format << " " << scanner::kind_name(action.kind)
                              << (action.id.empty() ? "" : " " + action.id) << " " << text << "\n";
                }
            }
            if (scan_json) {
                nlohmann::ordered_json line;
                line["file"] = file;
                line["codes"] = codes;
                std::cout << line.dump() << "\n";
            } else if (codes.empty() && scanner::read_codes(*image).empty()) {
                std::cout << file << ": no code found\n";
            }
        }
        return status;
    }
    if (content_cmd->parsed() || calendar_cmd->parsed()) {
        kiosk::core::Content content;
        std::string source = bundle_flag;
        if (!bundle_flag.empty()) {
            auto loaded = kiosk::core::load_bundle(bundle_flag);
            if (!loaded) {
                std::cerr << "kioskctl: " << loaded.error() << "\n";
                return 2;
            }
            content = std::move(*loaded);
        } else {
            auto active =
                kiosk::core::load_active_content(config->data_dir, kiosk::core::share_dir());
            if (!active) {
                std::cerr << "kioskctl: " << active.error() << "\n";
                return 2;
            }
            for (const auto& why : active->refused)
                std::cerr << "kioskctl: not used: " << why << "\n";
            content = std::move(active->content);
            source = active->source.string();
        }
        if (content_list->parsed()) {
            for (const auto& item : content.items) std::cout << item.id << " " << item.name << "\n";
        } else if (content_show->parsed()) {
            const auto* item = content.item(item_id);
            if (!item) {
                std::cerr << "kioskctl: no item \"" << item_id
                          << "\" (see `kioskctl content list`)\n";
                return 2;
            }
            if (json) {
                std::cout << item_json(content, *item).dump(2) << "\n";
            } else {
                print_item(content, *item, std::cout);
            }
        } else if (content_info->parsed()) {
            print_bundle_info(content, source, std::cout);
        } else if (next_help->parsed()) {
            const auto from =
                from_text.empty() ? std::optional(base::today_local()) : parse_date_arg(from_text);
            if (!from) return 2;
            const auto day = content.calendar.next_help_day(*from);
            warn_uncovered(content, *from, day);
            std::cout << day.to_string() << "\n";
        } else if (add_days->parsed()) {
            const auto from = parse_date_arg(date_text);
            if (!from) return 2;
            const auto day = content.calendar.add_working_days(*from, n_days);
            warn_uncovered(content, *from, day);
            std::cout << day.to_string() << "\n";
        }
        return 0;
    }
    if (print_cmd->parsed() || test_cmd->parsed() || paper_cmd->parsed() || refilled_cmd->parsed()) {
        if (auto ok = kiosk::core::prepare_data_dir(config->data_dir); !ok) {
            std::cerr << "kioskctl: " << ok.error() << "\n";
            return 2;
        }
        auto state = kiosk::core::StateDb::open(config->data_dir);
        if (!state) {
            std::cerr << "kioskctl: " << state.error() << "\n";
            return 2;
        }
        kiosk::core::PrintSettings settings{config->printer.transport,
                                            profile_flag.empty() ? config->printer.profile : profile_flag,
                                            config->printer.roll_length_m,
                                            kiosk::core::share_dir() / "printer-profiles",
                                            config->data_dir,
                                            config->ui.font,
                                            config->ui.font_index};
        auto service = kiosk::core::PrintService::create(settings, state->get(), {});
        if (!service) {
            std::cerr << "kioskctl: " << service.error() << "\n";
            return 2;
        }
        auto& svc = **service;
        if (paper_cmd->parsed()) {
            std::cout << "paper left: about " << static_cast<int>(svc.paper_left_m() + 0.5) << " m of "
                      << config->printer.roll_length_m << " m\n";
            return 0;
        }
        if (refilled_cmd->parsed()) {
            svc.paper_refilled();
            std::cout << "paper counter reset: a full roll of " << config->printer.roll_length_m << " m\n";
            return 0;
        }
        printer::Sheet sheet;
        std::string label;
        if (print_cmd->parsed()) {
            kiosk::core::Content content;
            if (bundle_flag.empty()) {
                auto active = kiosk::core::load_active_content(config->data_dir, kiosk::core::share_dir());
                if (!active) {
                    std::cerr << "kioskctl: " << active.error() << "\n";
                    return 2;
                }
                content = std::move(active->content);
            } else {
                auto loaded = kiosk::core::load_bundle(bundle_flag);
                if (!loaded) {
                    std::cerr << "kioskctl: " << loaded.error() << "\n";
                    return 2;
                }
                content = std::move(*loaded);
            }
            const auto* item = content.item(print_item_id);
            if (!item) {
                std::cerr << "kioskctl: no item \"" << print_item_id << "\" (see `kioskctl content list`)\n";
                return 2;
            }
            sheet = kiosk::core::item_sheet(content, *item, base::today_local());
            label = "明白纸 " + item->id;
        } else {
            sheet = kiosk::core::test_sheet(config->station.name, printer_flag.empty() ? svc.transport() : printer_flag,
                                            base::today_local());
            label = "test page";
        }
        auto prepared = svc.prepare(std::move(sheet), label);
        if (!prepared) {
            std::cerr << "kioskctl: " << label << ": " << prepared.error() << "\n";
            return 2;
        }
        const auto result = svc.print_now(*prepared, printer_flag);
        if (result.outcome != printer::JobResult::Outcome::printed) {
            std::cerr << "kioskctl: " << label << " not printed: " << result.message << "\n";
            return 1;
        }
        std::cout << "printed " << label << ": " << result.bytes_sent << " bytes, "
                  << static_cast<int>(prepared->length_mm + 0.5) << " mm of paper, profile " << svc.profile().name
                  << "\n";
        return 0;
    }
    if (status_cmd->parsed()) {
        const std::string spec =
            kiosk::core::resolve_transport(printer_flag.empty() ? config->printer.transport : printer_flag, config->data_dir);
        auto t = printer::open_transport(spec);
        if (!t) {
            std::cerr << "kioskctl: " << t.error().message << "\n";
            return 2;
        }
        auto status = printer::query_status(**t, 1500);
        if (!status) {
            std::cerr << "kioskctl: " << spec << ": " << status.error() << "\n";
            return 2;
        }
        if (!*status) {
            std::cout << spec << ": no status answer (the printer or its connection does not report status)\n";
            return 2;
        }
        std::cout << spec << ": " << (*status)->describe() << "\n";
        return (*status)->can_print() ? 0 : 1;
    }
    if (check_cmd->parsed()) {
        std::cout << "ok: "
                  << (config->source.empty() ? "built-in defaults" : config->source.string())
                  << ", data folder " << config->data_dir.string() << "\n";
        return 0;
    }
    if (show_cmd->parsed()) {
        print_config(*config, std::cout);
        return 0;
    }
    return 0;
}
