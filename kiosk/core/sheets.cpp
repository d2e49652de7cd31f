// What goes on paper.
#include "kiosk/core/sheets.hpp"

namespace kiosk::core {

printer::Sheet item_sheet(const Content& content, const Item& item, base::Date printed_on) {
    printer::Sheet s;
    s.title(item.name + "明白纸");
    s.paragraph(item.summary);
    if (content.info.sample) {
        s.footer("这是" + content.info.county + "的样例内容，金额和电话以本县公布为准。");
    }
    for (const auto& section : item.sections) {
        s.heading(std::string(section_info(section.kind).title));
        std::vector<std::string> bullets;
        auto flush = [&] {
            if (!bullets.empty()) s.bullets(std::exchange(bullets, {}));
        };
        for (const auto& block : parse_blocks(section.body)) {
            if (block.kind == TextBlock::Kind::bullet) {
                bullets.push_back(block.text);
            } else {
                flush();
                s.paragraph(block.text);
            }
        }
        flush();
    }
    s.rule();
    s.qr(content.page_url(item.id), "手机扫一扫，随时再看这一页");
    s.key_values({{"打印日期", printed_on.to_string()},
                  {"内容版本",
                   std::to_string(content.info.version) + "（" + content.info.publisher + "）"}});
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
