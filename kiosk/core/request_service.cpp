// 帮办代办 requests as the kiosk uses them.
#include "kiosk/core/request_service.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "base/log.hpp"

namespace kiosk::core {
namespace {

std::string now_rfc3339() {
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    localtime_r(&t, &local);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &local);
    std::string s(buf);
    // %z gives +0800; RFC 3339 wants +08:00.
    if (s.size() >= 5) s.insert(s.size() - 2, ":");
    return s;
}

}  // namespace

std::string mask_phone(std::string_view phone) {
    if (phone.size() != 11) return std::string(phone.size(), '*');
    return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
}

bool valid_phone(std::string_view p) {
    return p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' &&
           std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::expected<std::unique_ptr<RequestService>, std::string> RequestService::create(const Config& config,
                                                                                  std::function<void()> on_change,
                                                                                  bool background_sync) {
    std::unique_ptr<RequestService> svc(new RequestService());
    svc->config_ = config;
    auto outbox = net::Outbox::open(config.data_dir);
    if (!outbox) return std::unexpected(outbox.error());
    svc->outbox_ = std::move(*outbox);
    if (!config.county.url.empty()) {
        net::HttpClientOptions http;
        http.base_url = config.county.url;
        http.token = config.county.token;
        http.kiosk_id = config.county.kiosk_id;
        net::SyncOptions sync;
        sync.background = background_sync;
        svc->sync_ = std::make_unique<net::SyncWorker>(*svc->outbox_, http, sync, std::move(on_change));
        base::log::info("request", "delivering to ", config.county.url, " as ", config.county.kiosk_id);
    } else {
        base::log::warn("request", "no county configured ([county] url): requests wait in the outbox");
    }
    return svc;
}

RequestService::~RequestService() {
    sync_.reset();  // stops the thread before the outbox goes
}

std::expected<net::StoredRequest, std::string> RequestService::submit(const RequestDraft& d, const Content& content,
                                                                      base::Date today) {
    const Item* item = content.item(d.item_id);
    if (!item) return std::unexpected("unknown item " + d.item_id);
    if (!d.id) return std::unexpected("no ID number");
    if (!valid_phone(d.phone)) return std::unexpected("not a mobile number");
    net::NewRequest r;
    r.item = item->id;
    r.item_name = item->name;
    r.service = d.service;
    r.id_number = d.id->full_number_for_transmission();
    r.id_masked = d.id->masked();
    r.phone = d.phone;
    r.phone_masked = mask_phone(d.phone);
    r.missing_materials = d.missing_materials;
    r.staff = config_.station.staff;
    r.submitted_at = now_rfc3339();
    r.deadline_working_days = kAcceptWorkingDays;
    r.deadline = content.calendar.add_working_days(today, kAcceptWorkingDays).to_string();
    auto stored = outbox_->store(r);
    std::fill(r.id_number.begin(), r.id_number.end(), '\0');
    std::fill(r.phone.begin(), r.phone.end(), '\0');
    if (stored && sync_) sync_->nudge();
    return stored;
}

std::optional<net::StoredRequest> RequestService::find(const std::string& local_no) const {
    return outbox_->find_local(local_no);
}

std::vector<net::StoredRequest> RequestService::list() const { return outbox_->list(); }

std::expected<void, std::string> RequestService::rate(const std::string& local_no, const std::string& rating) {
    auto ok = outbox_->set_rating(local_no, rating);
    if (ok && sync_) sync_->nudge();
    return ok;
}

Receipt RequestService::receipt(const net::StoredRequest& r) const {
    Receipt out;
    out.request_no = r.local_no;
    out.item_name = r.item_name;
    out.service = r.service;
    out.masked_id = r.id_masked;
    if (auto d = base::parse_date(r.submitted_at.substr(0, 10))) out.submitted = *d;
    out.to_bring = r.missing_materials;
    out.deadline_working_days = r.deadline_working_days;
    if (auto d = base::parse_date(r.deadline)) out.deadline = *d;
    out.station = config_.station.name;
    out.hotline = config_.station.hotline;
    return out;
}

namespace {

std::string csv_field(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string result_words(const net::StoredRequest& r) {
    if (r.reply_state == "done") return "办结：" + r.reply_text;
    if (r.reply_state == "terminated") return "终止：" + r.reply_text;
    if (r.reply_state == "in_progress") return "办理中";
    if (r.reply_state == "accepted") return "已受理";
    if (r.state == net::RequestState::needs_attention) return "需处理：" + r.last_error;
    if (r.state == net::RequestState::delivered) return "已送达县里";
    return "待送达";
}

}  // namespace

std::expected<std::string, std::string> ledger_csv(const std::vector<net::StoredRequest>& requests,
                                                   std::string_view quarter) {
    if (quarter.size() != 6 || quarter[4] != 'Q' || quarter[5] < '1' || quarter[5] > '4' ||
        !std::all_of(quarter.begin(), quarter.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
        return std::unexpected("expected a quarter such as 2025Q3, got \"" + std::string(quarter) + "\"");
    }
    const int year = std::stoi(std::string(quarter.substr(0, 4)));
    const int q = quarter[5] - '0';
    // A UTF-8 byte order mark, so that spreadsheet programs on county PCs open it as Chinese.
    std::string csv = "\xEF\xBB\xBF序号,委托人,帮办代办员,事项,受理时间,办理时限,办理结果,回复时间,备注\r\n";
    int n = 0;
    for (const auto& r : requests) {
        const auto date = base::parse_date(r.submitted_at.substr(0, 10));
        if (!date || date->year != year || (date->month - 1) / 3 + 1 != q) continue;
        std::string note = r.service;
        if (!r.rating.empty()) {
            note += "；评价：" + std::string(r.rating == "satisfied" ? "满意" : r.rating == "basically_satisfied" ? "基本满意" : "不满意");
        }
        if (!r.case_no.empty()) note += "；县里编号 " + r.case_no;
        csv += std::to_string(++n) + "," + csv_field(r.id_masked) + "," + csv_field(r.staff) + "," + csv_field(r.item_name) +
               "," + csv_field(r.submitted_at.substr(0, 16)) + "," +
               csv_field(std::to_string(r.deadline_working_days) + "个工作日（" + r.deadline + "前）") + "," +
               csv_field(result_words(r)) + "," + csv_field(r.replied_at.substr(0, std::min<std::size_t>(16, r.replied_at.size()))) +
               "," + csv_field(note) + "\r\n";
    }
    return csv;
}

}  // namespace kiosk::core
