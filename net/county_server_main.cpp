// county-server: the reference county server of net/API.md for development, demos and tests;
// serves, lists what the county received and posts the county's replies, all on one SQLite file.
#include <signal.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "net/county_server.hpp"

namespace {

struct ListenAddress {
    std::string host;
    int port = 0;
};

// "HOST:PORT" or "[::1]:PORT".
std::optional<ListenAddress> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
    ListenAddress address;
    address.host = text.substr(0, colon);
    if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']') {
        address.host = address.host.substr(1, address.host.size() - 2);
    }
    const std::string port = text.substr(colon + 1);
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    address.port = std::stoi(port);
    if (address.port > 65535) return std::nullopt;
    return address;
}

nlohmann::json to_json(const net::ReceivedRequest& r) {
    return {{"case_no", r.case_no},
            {"idempotency_key", r.idempotency_key},
            {"kiosk_id", r.kiosk_id},
            {"local_no", r.local_no},
            {"item", r.item},
            {"service", r.service},
            {"id_number", r.id_number},
            {"phone", r.phone},
            {"missing_materials", r.missing_materials},
            {"received_at", r.received_at},
            {"state", r.state},
            {"rating", r.rating}};
}

// One line per request. The Chinese text (service, missing materials) comes last, because its
// characters are two columns wide and would push the columns after it out of line.
void print_table(const std::vector<net::ReceivedRequest>& requests) {
    if (requests.empty()) {
        std::cout << "no requests received\n";
        return;
    }
    constexpr std::size_t kColumns = 10;
    const std::array<std::string, kColumns> header = {
        "CASE",  "RECEIVED", "KIOSK",     "LOCAL NO", "ITEM",
        "STATE", "RATING",   "ID NUMBER", "PHONE",    "IDEMPOTENCY KEY"};
    std::vector<std::array<std::string, kColumns>> rows;
    for (const auto& r : requests) {
        rows.push_back({r.case_no, r.received_at, r.kiosk_id, r.local_no, r.item, r.state,
                        r.rating.empty() ? "-" : r.rating, r.id_number,
                        r.phone.empty() ? "-" : r.phone, r.idempotency_key});
    }
    std::array<std::size_t, kColumns> width{};
    for (std::size_t c = 0; c < kColumns; ++c) {
        width[c] = header[c].size();
        for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
    }
    auto print_row = [&](const std::array<std::string, kColumns>& row, const std::string& tail) {
        for (std::size_t c = 0; c < kColumns; ++c) {
            std::cout << row[c] << std::string(width[c] - row[c].size() + 2, ' ');
        }
        std::cout << tail << "\n";
    };
    print_row(header, "SERVICE / MISSING MATERIALS");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string tail = requests[i].service;
        for (std::size_t m = 0; m < requests[i].missing_materials.size(); ++m) {
            tail += (m == 0 ? " / " : "、") + requests[i].missing_materials[m];
        }
        print_row(rows[i], tail);
    }
}

int fail(const std::string& message) {
    std::cerr << "county-server: " << message << "\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{
        "The reference county server of the county API (net/API.md): takes the kiosks' "
        "帮办代办 requests, lists replies, takes evaluations and answers benefit status queries, "
        "on a SQLite file. With --listen it serves until SIGINT or SIGTERM; the subcommands work "
        "on the same file, also while it serves.",
        "county-server"};
    std::string listen, db, token;
    double fail_rate = 0, drop_rate = 0;
    int delay_ms = 0;
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
        "  county-server --listen HOST:PORT --db FILE [--token T] [--fail-rate R] "
        "[--drop-rate R] [--delay-ms N]\n"
        "  county-server requests --db FILE [--json]\n"
        "  county-server reply --db FILE CASE STATE [TEXT]\n"
        "  county-server import-benefits --db FILE FILE.csv\n"
        "Exit codes: 0 fine, 2 bad input, an unknown case or state, a bad CSV line, or the "
        "server could not start.");
    CLI11_PARSE(cli, argc, argv);

    const bool serve_options = listen_option->count() + token_option->count() +
                                   fail_option->count() + drop_option->count() +
                                   delay_option->count() >
                               0;
    if (requests_cmd->parsed() || reply_cmd->parsed() || import_cmd->parsed()) {
        if (serve_options) {
            return fail(
                "--listen, --token, --fail-rate, --drop-rate and --delay-ms are for "
                "serving; leave them out with a subcommand");
        }
        // --db before the subcommand is accepted too.
        const std::string& file = requests_cmd->parsed() ? requests_db
                                  : reply_cmd->parsed()  ? reply_db
                                                         : import_db;
        const std::string& path = file.empty() ? db : file;
        if (path.empty()) return fail("--db FILE is required");
        if (import_cmd->parsed()) {
            auto summary = net::import_benefits(path, csv);
            if (!summary) return fail(summary.error());
            std::cout << *summary << "\n";
            return 0;
        }
        if (requests_cmd->parsed()) {
            auto requests = net::list_requests(path);
            if (!requests) return fail(requests.error());
            if (as_json) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto& r : *requests) out.push_back(to_json(r));
                std::cout << out.dump(2) << "\n";
            } else {
                print_table(*requests);
            }
            return 0;
        }
        if (auto r = net::post_reply(path, case_no, state, text); !r) return fail(r.error());
        std::cout << case_no << ": " << state << "\n";
        return 0;
    }

    if (listen.empty()) return fail("--listen HOST:PORT is required to serve (see --help)");
    if (db.empty()) return fail("--db FILE is required");
    const auto address = parse_listen(listen);
    if (!address) return fail("--listen wants HOST:PORT, got \"" + listen + "\"");

    // The signals are taken with sigwait() below, so every thread, the server's included, must
    // have them blocked before it starts. A client that goes away must not kill the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    net::CountyServerOptions options;
    options.host = address->host;
    options.port = address->port;
    options.db = db;
    options.token = token;
    options.fail_rate = fail_rate;
    options.drop_rate = drop_rate;
    options.delay_ms = delay_ms;
    auto server = net::CountyServer::start(options);
    if (!server) return fail(server.error());
    std::cout << "listening on " << (*server)->url() << std::endl;

    int signal_number = 0;
    while (sigwait(&signals, &signal_number) != 0) {
    }
    std::cout << "stopping" << std::endl;
    return 0;
}
