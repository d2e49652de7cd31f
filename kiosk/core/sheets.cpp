// What goes on paper.
#include "kiosk/core/sheets.hpp"

namespace kiosk::core {
namespace {

// A body of text (paragraphs, and bullets as lines starting "- ") as the sheet's blocks.
void add_body(printer::Sheet& s, std::string_view body) {
    std::vector<std::string> bullets;
    auto flush = [&] {
        if (!bullets.empty()) s.bullets(std::exchange(bullets, {}));
    };
    for (const auto& block : parse_blocks(body)) {
        if (block.kind == TextBlock::Kind::bullet) {
            bullets.push_back(block.text);
        } else {
            flush();
            s.paragraph(block.text);
        }
    }
    flush();
}

void add_sample_note(printer::Sheet& s, const Content& content) {
    if (content.info.sample) {
        s.footer("这是" + content.info.county + "的样例内容，金额和电话以本县公布为准。");
    }
}

std::pair<std::string, std::string> version_row(const Content& content) {
    return {"内容版本",
            std::to_string(content.info.version) + "（" + content.info.publisher + "）"};
}

}  // namespace

printer::Sheet item_sheet(const Content& content, const Item& item, base::Date printed_on) {
    printer::Sheet s;
    s.title(item.name + "明白纸");
    s.paragraph(item.summary);
    add_sample_note(s, content);
    for (const auto& section : item.sections) {
        s.heading(std::string(section_info(section.kind).title));
        add_body(s, section.body);
    }
    s.rule();
    s.qr(content.page_url(item.id), "手机扫一扫，随时再看这一页");
    s.key_values({{"打印日期", printed_on.to_string()}, version_row(content)});
    return s;
}

printer::Sheet notices_sheet(const Content& content, base::Date day) {
    printer::Sheet s;
    s.title("通知公告");
    add_sample_note(s, content);
    const auto notices = content.notices_on(day);
    if (notices.empty()) s.paragraph("现在没有通知公告。");
    for (const auto* n : notices) {
        s.heading(n->title);
        add_body(s, n->body);
        s.key_values({{"公告时间", n->start.to_string() + " 至 " + n->end.to_string()}});
    }
    s.rule();
    s.key_values({{"打印日期", day.to_string()}, version_row(content)});
    return s;
}

std::string receipt_qr_payload(std::string_view request_no) {
    return "MINGBAI:REQ:" + std::string(request_no);
}

printer::Sheet receipt_sheet(const Receipt& r) {
    printer::Sheet s;
    s.title("帮办代办回执");
    s.key_values({{"回执号", r.request_no},
                  {"事项", r.item_name},
                  {"服务", r.service},
                  {"委托人", r.masked_id},
                  {"提交日期", r.submitted.to_string()},
                  {"办理时限", std::to_string(r.deadline_working_days) + "个工作日，" +
                                   r.deadline.to_string() + "前"}});
    if (!r.to_bring.empty()) {
        s.heading("还要带来的材料");
        s.bullets(r.to_bring);
    }
    s.rule();
    s.qr(receipt_qr_payload(r.request_no), "在服务站扫这个码，看办到哪一步了");
    s.footer(r.station + "　求助热线 " + r.hotline);
    return s;
}

printer::Sheet test_sheet(const std::string& station, const std::string& printer_name,
                          base::Date printed_on) {
    printer::Sheet s;
    s.title("打印测试");
    s.paragraph(station);
    s.heading("字能看清吗");
    s.paragraph("这一行是正文大小。老人家拿在手里能看清，打印机就好好的。");
    s.bullets({"清单第一条", "清单第二条：数字 0123456789", "人民币符号：￥"});
    s.rule();
    s.qr("https://mz.example.gov.cn/test", "手机扫一扫，能打开就说明二维码清楚");
    s.key_values({{"打印机", printer_name}, {"日期", printed_on.to_string()}});
    return s;
}

std::string item_name_or_id(const Content& content, const std::string& item_id) {
    const auto* item = content.item(item_id);
    return item ? item->name : item_id;
}

printer::Sheet benefit_slip(const Content& content, const BenefitSlip& slip) {
    printer::Sheet s;
    s.title("享受待遇信息");
    s.key_values({{"身份证号", slip.masked_id}, {"查询日期", slip.asked_on.to_string()}});
    for (const auto& b : slip.benefits) {
        s.heading(item_name_or_id(content, b.item) + (b.stopped ? "（已停发）" : ""));
        std::vector<std::pair<std::string, std::string>> rows = {{"每月", b.amount_yuan + " 元"},
                                                                 {"开始", b.start_date}};
        if (b.stopped) {
            rows.push_back({"停发", b.stop_date});
            rows.push_back({"原因", b.stop_reason});
        } else {
            rows.push_back({"发放", "每月" + std::to_string(b.pay_day) + "日前"});
            if (!b.next_review.empty()) rows.push_back({"下次复查", b.next_review});
        }
        if (!b.last_payment_date.empty()) {
            rows.push_back({"最近发放", b.last_payment_date + " " + b.last_payment_yuan + " 元"});
        }
        s.key_values(rows);
    }
    s.footer("以上以县民政局核定为准。" + slip.station + " 求助热线 " + slip.hotline);
    return s;
}

}  // namespace kiosk::core
