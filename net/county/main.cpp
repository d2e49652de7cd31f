// county-server: the reference county server of net/API.md for development, demos and tests;
// serves, lists what the county received and posts the county's replies, all on one SQLite file.
#include <signal.h>

#include <iostream>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/listen_address.hpp"
#include "base/program.hpp"
#include "net/county/county.hpp"
#include "net/county/kiosk_listing.hpp"
#include "net/county/request_listing.hpp"

namespace {

constexpr std::string_view kProgram = "county-server";

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{
        "The reference county server of the county API (net/API.md): takes the kiosks' "
        "帮办代办 requests, lists replies, takes evaluations, answers benefit status queries and "
        "keeps each kiosk's latest heartbeat, on a SQLite file; with --content-dir it also serves "
        "the published content. With --listen it serves until SIGINT or SIGTERM; the subcommands "
        "work "
        "on the same file, also while it serves.",
        "county-server"};
    std::string listen, db, token, content_dir;
    double fail_rate = 0, drop_rate = 0;
    int delay_ms = 0;
    int head_timeout_ms = county::CountyServerOptions{}.head_timeout_ms;
    int body_timeout_ms = county::CountyServerOptions{}.body_timeout_ms;
    auto* listen_option =
        cli.add_option("--listen", listen,
                       "Serve HTTP on HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free one)")
            ->type_name("HOST:PORT");
    cli.add_option("--db", db, "The county's database (created if missing)")->type_name("FILE");
    auto* token_option =
        cli.add_option("--token", token,
                       "Require Authorization: Bearer T on every request (default: no "
                       "authentication, for demos)")
            ->type_name("T");
    auto* fail_option =
        cli.add_option("--fail-rate", fail_rate,
                       "Answer this share of requests with 503 unavailable (0 to 1)")
            ->check(CLI::Range(0.0, 1.0))
            ->type_name("R");
    auto* drop_option =
        cli.add_option("--drop-rate", drop_rate,
                       "Close the connection without an answer for this share of requests (0 to "
                       "1); a POST is dropped before or after it is stored, at random")
            ->check(CLI::Range(0.0, 1.0))
            ->type_name("R");
    auto* delay_option = cli.add_option("--delay-ms", delay_ms, "Delay every answer by N ms")
                             ->check(CLI::NonNegativeNumber)
                             ->type_name("N");
    auto* head_option =
        cli.add_option("--head-timeout-ms", head_timeout_ms,
                       "A request's head must arrive within N ms of its first byte, else 408 "
                       "and the connection closes")
            ->capture_default_str()
            ->check(CLI::PositiveNumber)
            ->type_name("N");
    auto* body_option = cli.add_option("--body-timeout-ms", body_timeout_ms,
                                       "A request's body must arrive within N ms of its head, "
                                       "else 408 and the connection closes")
                            ->capture_default_str()
                            ->check(CLI::PositiveNumber)
                            ->type_name("N");
    auto* content_option =
        cli.add_option("--content-dir", content_dir,
                       "Serve the files under DIR at /content/<path> to anyone (ETag, 304, Range), "
                       "and name the version of DIR/manifest.json in answers to heartbeats")
            ->type_name("DIR");
    cli.require_subcommand(0, 1);

    auto* requests_cmd = cli.add_subcommand(
        "requests",
        "List the requests the county received: case number, idempotency key, kiosk, the full ID "
        "number and phone (the county's data), latest state and rating");
    std::string requests_db;
    bool as_json = false;
    requests_cmd->add_option("--db", requests_db, "The county's database")->type_name("FILE");
    requests_cmd->add_flag("--json", as_json, "A JSON array of objects instead of a table");

    auto* reply_cmd = cli.add_subcommand(
        "reply",
        "Post the county's reply to a case, as the kiosks will see it in GET /api/v1/replies "
        "(exit 2 for an unknown case or state)");
    std::string reply_db, case_no, state, text;
    reply_cmd->add_option("--db", reply_db, "The county's database")->type_name("FILE");
    reply_cmd->add_option("CASE", case_no, "The case number, e.g. C-000001")->required();
    reply_cmd
        ->add_option("STATE", state,
                     "accepted (受理), in_progress (办理中), done (办结) or terminated (终止)")
        ->required();
    reply_cmd->add_option("TEXT", text,
                          "What the resident reads: the result for done, the reason for "
                          "terminated (default: empty)");
    auto* kiosks_cmd = cli.add_subcommand(
        "kiosks",
        "List every kiosk's latest heartbeat, by kiosk id: when it came, software and content "
        "versions, whether the content expired, printer, paper, outbox, last sync, last error");
    std::string kiosks_db;
    bool kiosks_json = false;
    kiosks_cmd->add_option("--db", kiosks_db, "The county's database")->type_name("FILE");
    kiosks_cmd->add_flag("--json", kiosks_json, "A JSON array of objects instead of a table");

    auto* import_cmd = cli.add_subcommand(
        "import-benefits",
        "Import the county's benefit records (享受待遇信息) for POST /api/v1/benefits/query from a "
        "CSV file with the header id_number,item,amount_yuan,start_date,pay_day,status,stop_date,"
        "stop_reason[,review]; all or nothing, and each resident in the file has their earlier "
        "rows replaced (exit 2 naming FILE:LINE for a bad line)");
    std::string import_db, csv;
    import_cmd->add_option("--db", import_db, "The county's database (created if missing)")
        ->type_name("FILE");
    import_cmd->add_option("CSV", csv, "The CSV file, UTF-8")->required()->type_name("FILE.csv");
    cli.footer(
        "Usage:\n"
        "  county-server --listen HOST:PORT --db FILE [--token T] [--content-dir DIR] "
        "[--fail-rate R] [--drop-rate R] [--delay-ms N] [--head-timeout-ms N] "
        "[--body-timeout-ms N]\n"
        "  county-server requests --db FILE [--json]\n"
        "  county-server kiosks --db FILE [--json]\n"
        "  county-server reply --db FILE CASE STATE [TEXT]\n"
        "  county-server import-benefits --db FILE FILE.csv\n"
        "Exit codes: 0 fine, 2 bad input, an unknown case or state, a bad CSV line, or the "
        "server could not start.");
    CLI11_PARSE(cli, argc, argv);

    const bool serve_options = listen_option->count() + token_option->count() +
                                   fail_option->count() + drop_option->count() +
                                   delay_option->count() + head_option->count() +
                                   body_option->count() + content_option->count() >
                               0;
    if (requests_cmd->parsed() || reply_cmd->parsed() || import_cmd->parsed() ||
        kiosks_cmd->parsed()) {
        if (serve_options) {
            return base::fail(kProgram,
                              "--listen, --token, --content-dir, --fail-rate, --drop-rate, "
                              "--delay-ms and the timeouts are for serving; leave them out with a "
                              "subcommand");
        }
        // --db before the subcommand is accepted too.
        const std::string& file = requests_cmd->parsed() ? requests_db
                                  : reply_cmd->parsed()  ? reply_db
                                  : kiosks_cmd->parsed() ? kiosks_db
                                                         : import_db;
        const std::string& path = file.empty() ? db : file;
        if (path.empty()) return base::fail(kProgram, "--db FILE is required");
        if (import_cmd->parsed()) {
            auto summary = county::import_benefits(path, csv);
            if (!summary) return base::fail(kProgram, summary.error());
            std::cout << *summary << "\n";
            return 0;
        }
        if (kiosks_cmd->parsed()) {
            auto kiosks = county::list_kiosks(path);
            if (!kiosks) return base::fail(kProgram, kiosks.error());
            if (kiosks_json) {
                std::cout << county::kiosks_json(*kiosks).dump(2) << "\n";
            } else {
                county::print_kiosks_table(std::cout, *kiosks);
            }
            return 0;
        }
        if (requests_cmd->parsed()) {
            auto requests = county::list_requests(path);
            if (!requests) return base::fail(kProgram, requests.error());
            if (as_json) {
                std::cout << county::requests_json(*requests).dump(2) << "\n";
            } else {
                county::print_requests_table(std::cout, *requests);
            }
            return 0;
        }
        if (auto r = county::post_reply(path, case_no, state, text); !r) {
            return base::fail(kProgram, r.error());
        }
        std::cout << case_no << ": " << state << "\n";
        return 0;
    }

    if (listen.empty()) {
        return base::fail(kProgram, "--listen HOST:PORT is required to serve (see --help)");
    }
    if (db.empty()) return base::fail(kProgram, "--db FILE is required");
    // An empty host (":PORT") is refused: the county listens where it is told, never on every
    // address by accident.
    const auto address = base::parse_listen_address(listen);
    if (!address || address->host.empty()) {
        return base::fail(kProgram, "--listen wants HOST:PORT, got \"" + listen + "\"");
    }

    // Taken with sigwait() below: blocked before the server's threads start. A client that goes
    // away must not kill the server.
    const base::BlockedSignals signals{SIGINT, SIGTERM};
    signal(SIGPIPE, SIG_IGN);

    auto server = county::CountyServer::start({.host = address->host,
                                               .port = address->port,
                                               .db = db,
                                               .token = token,
                                               .fail_rate = fail_rate,
                                               .drop_rate = drop_rate,
                                               .delay_ms = delay_ms,
                                               .seed = 1,
                                               .today = {},
                                               .head_timeout_ms = head_timeout_ms,
                                               .body_timeout_ms = body_timeout_ms,
                                               .content_dir = content_dir});
    if (!server) return base::fail(kProgram, server.error());
    std::cout << "listening on " << (*server)->url() << std::endl;

    signals.wait();
    std::cout << "stopping" << std::endl;
    return 0;
}
