// kioskctl request submit|list|show, sync, ledger export: the 帮办代办 outbox from a shell.
#include <algorithm>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "kiosk/core/request_service.hpp"
#include "kiosk/tools/kioskctl/printing.hpp"
#include "kiosk/tools/kioskctl/session.hpp"
#include "scanner/id_number.hpp"

namespace kioskctl {
namespace {

using kiosk::core::RequestService;
using kiosk::core::RequestView;

struct Options {
    std::string item, service, id, phone, request_no;
    std::string printer, profile;
    std::vector<std::string> missing;
    bool json = false;
    bool once = false, until_empty = false;
    int timeout_s = 120;
    std::string quarter, csv_file;
};

nlohmann::ordered_json request_json(const RequestView& r) {
    nlohmann::ordered_json j;
    j["request_no"] = r.request_no;
    j["idempotency_key"] = r.idempotency_key;
    j["state"] = r.outbox_state;
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
}

// The outbox as the kiosk has it, syncing only when asked; nullptr after saying why, led by
// `what_failed` ("the request was not saved: " when storing is what cannot go ahead).
std::unique_ptr<RequestService> open_requests(Session& s, std::string_view what_failed = "") {
    if (!s.data_dir_ready()) return nullptr;
    auto svc = RequestService::create(*s.config(), {}, false);
    if (!svc) {
        fail(2, what_failed, svc.error());
        return nullptr;
    }
    return std::move(*svc);
}

// Every request in the outbox; nullopt after saying why.
std::optional<std::vector<RequestView>> outbox_requests(Session& s) {
    auto requests = open_requests(s);
    if (!requests) return std::nullopt;
    auto all = requests->list();
    if (!all) {
        fail(2, "the outbox cannot be read: ", all.error());
        return std::nullopt;
    }
    return std::move(*all);
}

int submit(Session& s, const Options& o) {
    auto requests = open_requests(s, "the request was not saved: ");
    if (!requests) return 1;
    auto id = scanner::IdNumber::parse(o.id);
    if (!id) {
        return fail(2, "--id: ", scanner::describe(id.error()), " (",
                    scanner::reason_code(id.error()), ")");
    }
    if (!kiosk::core::valid_phone(o.phone)) {
        return fail(2, "--phone: expected an 11-digit mobile number");
    }
    if (std::find(kiosk::core::kServices.begin(), kiosk::core::kServices.end(), o.service) ==
        kiosk::core::kServices.end()) {
        return fail(2,
                    "--service: expected one of 登记咨询 表格填写 材料审核 要件传递 信息查询 "
                    "证件邮寄 打印复印 上门帮办");
    }
    const auto content = s.content();
    if (!content) return 2;
    if (!content->item(o.item)) {
        return fail(2, "--item: no item \"", o.item, "\" (see `kioskctl content list`)");
    }
    const kiosk::core::RequestDraft draft{o.item, o.service, *id, o.phone, o.missing};
    auto stored = requests->submit(draft, *content, base::today_local());
    if (!stored) return fail(1, stored.error());
    if (o.json) {
        nlohmann::ordered_json j;
        j["request_no"] = stored->request_no;
        j["idempotency_key"] = stored->idempotency_key;
        std::cout << j.dump() << std::endl;
    } else {
        std::cout << "stored " << stored->request_no << " (" << stored->item_name << ", "
                  << stored->service << ", " << stored->id_masked << ")" << std::endl;
    }
    return 0;
}

int list(Session& s, const Options& o) {
    const auto all = outbox_requests(s);
    if (!all) return 2;
    for (const auto& r : *all) {
        if (o.json) {
            std::cout << request_json(r).dump() << "\n";
        } else {
            std::cout << r.request_no << " " << r.outbox_state << " " << r.item_name << " "
                      << r.service << " " << r.id_masked
                      << (r.case_no.empty() ? "" : " " + r.case_no)
                      << (r.reply_state.empty() ? "" : " " + r.reply_state) << "\n";
        }
    }
    return 0;
}

int show(Session& s, const Options& o) {
    auto requests = open_requests(s);
    if (!requests) return 2;
    const auto r = requests->find(o.request_no);
    if (!r) return fail(2, "the outbox cannot be read: ", r.error());
    if (!*r) return fail(2, "no request ", o.request_no);
    std::cout << request_json(**r).dump(2) << "\n";
    return 0;
}

// The receipt the screen printed, again: masked data only.
int print_receipt(Session& s, const Options& o) {
    if (!printer_flag_ok(o.printer)) return 2;
    auto requests = open_requests(s);
    if (!requests) return 2;
    const auto r = requests->find(o.request_no);
    if (!r) return fail(2, "the outbox cannot be read: ", r.error());
    if (!*r) return fail(2, "no request ", o.request_no);
    auto printing = open_printing(s, o.profile);
    if (!printing) return 2;
    return print_sheet(*printing->service, kiosk::core::receipt_sheet(requests->receipt(**r)),
                       "回执 " + o.request_no, o.printer);
}

int sync(Session& s, const Options& o) {
    auto requests = open_requests(s);
    if (!requests) return 2;
    if (!requests->connected_to_county()) {
        return fail(2, "no county configured ([county] url in ", s.config()->source.string(), ")");
    }
    if (o.until_empty) {
        const auto empty = requests->sync_until_empty(std::chrono::seconds(o.timeout_s));
        if (!empty) return fail(2, empty.error());
        std::cout << (*empty ? "nothing left to send" : "still waiting to send: time ran out")
                  << "\n";
        return *empty ? 0 : 1;
    }
    const auto r = requests->sync_once();
    if (!r) return fail(2, r.error());
    std::cout << "sent " << r->sent << ", failed " << r->failed << ", replies " << r->replies
              << ", ratings " << r->ratings << ", pending " << r->pending << "\n";
    return 0;
}

int export_ledger(Session& s, const Options& o) {
    const auto all = outbox_requests(s);
    if (!all) return 2;
    auto csv = kiosk::core::ledger_csv(*all, o.quarter);
    if (!csv) return fail(2, "--quarter: ", csv.error());
    std::ofstream out(o.csv_file, std::ios::binary | std::ios::trunc);
    out << *csv;
    if (!out) return fail(2, "cannot write ", o.csv_file);
    std::cout << "wrote " << o.csv_file << "\n";
    return 0;
}

}  // namespace

void add_request_commands(CLI::App& cli, Session& s) {
    auto o = std::make_shared<Options>();
    auto* request_cmd = cli.add_subcommand("request", "帮办代办 requests in the outbox");
    request_cmd->require_subcommand(1);
    auto* submit_cmd = request_cmd->add_subcommand("submit", "Store a request as the screen would");
    submit_cmd->add_option("--item", o->item, "Item id, e.g. linshi (see `kioskctl content list`)")
        ->required();
    submit_cmd
        ->add_option("--service", o->service,
                     "登记咨询 表格填写 材料审核 要件传递 信息查询 证件邮寄 打印复印 上门帮办")
        ->required();
    submit_cmd->add_option("--id", o->id, "The resident's ID number")->required();
    submit_cmd->add_option("--phone", o->phone, "A mobile number, 11 digits")->required();
    submit_cmd->add_option("--missing", o->missing, "A material still missing (repeatable)");
    submit_cmd->add_flag(
        "--json", o->json,
        "Print {\"request_no\":…, \"idempotency_key\":…} once the request is durable");
    on_run(submit_cmd, s, [&s, o]() -> int { return submit(s, *o); });
    auto* list_cmd = request_cmd->add_subcommand("list", "Every request in the outbox");
    list_cmd->add_flag("--json", o->json, "One JSON object per line");
    on_run(list_cmd, s, [&s, o]() -> int { return list(s, *o); });
    auto* show_cmd = request_cmd->add_subcommand("show", "One request");
    show_cmd
        ->add_option("no", o->request_no, "The request number on the receipt, e.g. A-20261122-0007")
        ->required();
    on_run(show_cmd, s, [&s, o]() -> int { return show(s, *o); });
    auto* receipt_cmd = request_cmd->add_subcommand(
        "receipt", "Print a request's receipt again, as the screen printed it (masked)");
    receipt_cmd->add_option("no", o->request_no, "The request number, e.g. A-20261122-0007")
        ->required();
    receipt_cmd->add_option("--printer", o->printer, "The printer (default: the config's)");
    receipt_cmd->add_option("--profile", o->profile, "Printer profile (default: the config's)");
    on_run(receipt_cmd, s, [&s, o]() -> int { return print_receipt(s, *o); });

    auto* sync_cmd = cli.add_subcommand(
        "sync", "Deliver requests to the county and fetch replies, on this thread");
    sync_cmd->add_flag("--once", o->once, "One pass");
    sync_cmd->add_flag("--until-empty", o->until_empty,
                       "Until nothing is left to send (exit 0), or the time runs out (exit 1)");
    sync_cmd->add_option("--timeout", o->timeout_s, "Seconds for --until-empty")
        ->capture_default_str();
    on_run(sync_cmd, s, [&s, o]() -> int { return sync(s, *o); });

    auto* ledger_cmd = cli.add_subcommand("ledger", "The 帮办代办 ledger (台账)");
    ledger_cmd->require_subcommand(1);
    auto* export_cmd = ledger_cmd->add_subcommand("export", "Export a quarter's ledger as CSV");
    export_cmd->add_option("--quarter", o->quarter, "e.g. 2025Q3")->required();
    export_cmd->add_option("--csv", o->csv_file, "The CSV file to write")->required();
    on_run(export_cmd, s, [&s, o]() -> int { return export_ledger(s, *o); });
}

}  // namespace kioskctl
