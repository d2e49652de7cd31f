// kioskctl status query: what the 待遇查询 screen would show, masked.
#include <iostream>

#include <nlohmann/json.hpp>

#include "kiosk/core/benefit_service.hpp"
#include "kiosk/core/sheets.hpp"
#include "kiosk/tools/kioskctl/printing.hpp"
#include "kiosk/tools/kioskctl/session.hpp"
#include "scanner/id_number.hpp"

namespace kioskctl {
namespace {

struct Options {
    std::string number;
    bool json = false;
    bool print = false;
    std::string printer;
};

int query(Session& s, const Options& o) {
    auto id = scanner::IdNumber::parse(o.number);
    if (!id) {
        return fail(2, scanner::describe(id.error()), " (", scanner::reason_code(id.error()), ")");
    }
    if (o.print && !printer_flag_ok(o.printer)) return 2;
    const auto* c = s.config();
    if (!c) return 2;
    const kiosk::core::BenefitService benefits(*c, {});
    if (!benefits.available()) return fail(2, "no county configured ([county] url)");
    const auto answer = benefits.ask_now(*id);
    using Outcome = kiosk::core::BenefitAnswer::Outcome;
    if (answer.outcome == Outcome::unreachable) {
        return fail(1, "the county cannot be reached: ", answer.problem);
    }
    if (answer.outcome == Outcome::refused || answer.outcome == Outcome::malformed) {
        return fail(1, "the county did not answer the query: ", answer.problem);
    }
    if (o.print) {
        if (answer.benefits.empty()) return fail(1, id->masked(), ": no record, nothing to print");
        auto printing = open_printing(s, {});
        if (!printing) return 2;
        const auto content = s.content();
        if (!content) return 2;
        const kiosk::core::BenefitSlip slip{id->masked(), answer.benefits, base::today_local(),
                                            c->station.name, c->station.hotline};
        return print_sheet(*printing->service, kiosk::core::benefit_slip(*content, slip),
                           "待遇查询单", o.printer);
    }
    if (o.json) {
        nlohmann::ordered_json j;
        j["id"] = id->masked();
        j["benefits"] = nlohmann::ordered_json::array();
        for (const auto& b : answer.benefits) {
            nlohmann::ordered_json e;
            e["item"] = b.item;
            e["amount_yuan"] = b.amount_yuan;
            e["start_date"] = b.start_date;
            e["pay_day"] = b.pay_day;
            e["status"] = b.stopped ? "stopped" : "active";
            e["last_payment_date"] = b.last_payment_date;
            e["last_payment_yuan"] = b.last_payment_yuan;
            e["next_review"] = b.next_review;
            e["stop_date"] = b.stop_date;
            e["stop_reason"] = b.stop_reason;
            j["benefits"].push_back(e);
        }
        std::cout << j.dump() << "\n";
    } else if (answer.benefits.empty()) {
        std::cout << id->masked() << ": no record\n";
    } else {
        for (const auto& b : answer.benefits) {
            std::cout << id->masked() << ": " << b.item << " " << (b.stopped ? "stopped" : "active")
                      << ", " << b.amount_yuan << " yuan a month since " << b.start_date
                      << ", paid by day " << b.pay_day;
            if (!b.last_payment_date.empty()) {
                std::cout << ", last " << b.last_payment_date << " " << b.last_payment_yuan;
            }
            if (b.stopped) {
                std::cout << ", stopped " << b.stop_date << ": " << b.stop_reason;
            } else if (!b.next_review.empty()) {
                std::cout << ", next review " << b.next_review;
            }
            std::cout << "\n";
        }
    }
    return 0;
}

}  // namespace

void add_status_commands(CLI::App& cli, Session& s) {
    auto o = std::make_shared<Options>();
    auto* status =
        cli.add_subcommand("status", "A resident's benefits (享受待遇信息) from the county");
    status->require_subcommand(1);
    auto* q = status->add_subcommand(
        "query", "What the screen would show; exit 1 when the county cannot be reached");
    q->add_option("number", o->number, "The resident's ID number")->required();
    q->add_flag("--json", o->json, "As JSON");
    q->add_flag("--print", o->print, "Print the slip the screen prints (masked) instead");
    q->add_option("--printer", o->printer, "With --print: the printer (default: the config's)");
    on_run(q, s, [&s, o]() -> int { return query(s, *o); });
}

}  // namespace kioskctl
