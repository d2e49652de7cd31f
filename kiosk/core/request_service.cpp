// 帮办代办 requests as the kiosk uses them.
#include "kiosk/core/request_service.hpp"

#include <algorithm>

#include "base/csv.hpp"
#include "base/log.hpp"
#include "base/rfc3339.hpp"
#include "net/county_url.hpp"
#include "net/outbox.hpp"
#include "net/sync_worker.hpp"

namespace kiosk::core {
namespace {

// The outbox exists but cannot be read: said so, never taken for "nothing waiting".
std::string unreadable(const std::string& why) {
    return "the outbox cannot be read: " + why;
}

RequestView::Stage stage_of(const net::StoredRequest& r) {
    using S = net::RequestState;
    using Stage = RequestView::Stage;
    if (r.state == S::needs_attention) return Stage::needs_attention;
    if (r.state == S::queued || r.state == S::sending) return Stage::waiting_to_send;
    if (r.reply_state == "accepted") return Stage::accepted;
    if (r.reply_state == "in_progress") return Stage::in_progress;
    if (r.reply_state == "done") return Stage::done;
    if (r.reply_state == "terminated") return Stage::terminated;
    return Stage::received;
}

RequestView view_of(const net::StoredRequest& r) {
    RequestView v;
    v.request_no = r.local_no;
    v.idempotency_key = r.idempotency_key;
    v.item = r.item;
    v.item_name = r.item_name;
    v.service = r.service;
    v.id_masked = r.id_masked;
    v.phone_masked = r.phone_masked;
    v.missing_materials = r.missing_materials;
    v.staff = r.staff;
    v.submitted_at = r.submitted_at;
    v.deadline = r.deadline;
    v.deadline_working_days = r.deadline_working_days;
    v.stage = stage_of(r);
    v.outbox_state = std::string(net::state_name(r.state));
    v.attempts = r.attempts;
    v.last_error = r.last_error;
    v.case_no = r.case_no;
    v.reply_state = r.reply_state;
    v.reply_text = r.reply_text;
    v.replied_at = r.replied_at;
    v.rating = r.rating;
    v.personal_data_erased = r.personal_data_erased;
    return v;
}

}  // namespace

std::string_view rating_words(std::string_view rating) {
    if (rating == "satisfied") return "满意";
    if (rating == "basically_satisfied") return "基本满意";
    if (rating == "dissatisfied") return "不满意";
    return {};
}

std::string mask_phone(std::string_view phone) {
    if (phone.size() != 11) return std::string(phone.size(), '*');
    return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
}

bool valid_phone(std::string_view p) {
    return p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9' &&
           std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A draft checked and turned into what the outbox stores; the full ID and phone (base::Secret)
// are wiped as soon as the outbox has them.
struct RequestService::Prepared {
    net::NewRequest request;
};

std::expected<std::unique_ptr<RequestService>, std::string> RequestService::create(
    const Config& config, std::function<void()> wake, bool background_sync) {
    std::unique_ptr<RequestService> svc(new RequestService());
    svc->config_ = config;
    svc->wake_ = std::move(wake);
    auto outbox = net::Outbox::open(config.data_dir);
    if (!outbox) return std::unexpected(outbox.error());
    svc->outbox_ = std::move(*outbox);
    svc->worker_ = std::make_unique<Worker>("storage", svc->wake_);
    if (!config.county.url.empty()) {
        const net::HttpClientOptions http = county_http_options(config);
        net::SyncOptions sync;
        sync.background = background_sync;
        RequestService* self = svc.get();
        // From the sync thread: what a screen shows may have changed; read it again on the
        // storage worker, which wakes the screen when done.
        svc->sync_ = std::make_unique<net::SyncWorker>(*svc->outbox_, http, sync,
                                                       [self] { self->reload_watched(); });
        base::log::info("request", "delivering to ", net::redact_url(config.county.url), " as ",
                        config.county.kiosk_id);
    } else {
        base::log::warn("request",
                        "no county configured ([county] url): requests wait in the outbox");
    }
    return svc;
}

RequestService::~RequestService() {
    worker_->drain();  // every request the screens asked to store is stored
    sync_.reset();     // the sync thread stops; its last change may post a reload
    worker_.reset();   // which runs before the outbox goes
}

std::expected<RequestService::Prepared, std::string> RequestService::prepare(
    const RequestDraft& d, const Content& content, base::Date today) const {
    const Item* item = content.item(d.item_id);
    if (!item) return std::unexpected("no item \"" + d.item_id + "\"");
    if (!d.id) return std::unexpected("no ID number");
    if (!valid_phone(d.phone.view())) return std::unexpected("not a mobile number");
    Prepared p;
    net::NewRequest& r = p.request;
    r.item = item->id;
    r.item_name = item->name;
    r.service = d.service;
    r.id_number.assign(d.id->full_number_for_transmission());
    r.id_masked = d.id->masked();
    r.phone = d.phone;
    r.phone_masked = mask_phone(d.phone.view());
    r.missing_materials = d.missing_materials;
    r.staff = config_.station.staff;
    r.submitted_at = base::now_rfc3339();
    r.deadline_working_days = kAcceptWorkingDays;
    r.deadline = content.calendar.add_working_days(today, kAcceptWorkingDays).to_string();
    return p;
}

RequestService::SubmitResult RequestService::store(Prepared& p) {
    auto stored = outbox_->store(p.request);
    p.request.id_number.clear();
    p.request.phone.clear();
    if (!stored) return std::unexpected(stored.error());
    if (sync_) sync_->nudge();
    return view_of(*stored);
}

Pending<RequestService::SubmitResult> RequestService::submit_async(const RequestDraft& draft,
                                                                   const Content& content,
                                                                   base::Date today) {
    auto prepared = prepare(draft, content, today);
    auto p = std::make_shared<std::expected<Prepared, std::string>>(std::move(prepared));
    return worker_->run<SubmitResult>([this, p]() -> SubmitResult {
        if (!*p) return std::unexpected(p->error());
        return store(**p);
    });
}

RequestService::SubmitResult RequestService::submit(const RequestDraft& draft,
                                                    const Content& content, base::Date today) {
    auto prepared = prepare(draft, content, today);
    if (!prepared) return std::unexpected(prepared.error());
    return store(*prepared);
}

void RequestService::watch(std::string request_no) {
    {
        std::lock_guard lock(watch_mutex_);
        ++watch_generation_;
        watched_no_ = std::move(request_no);
        watched_ = {WatchedRequest::State::loading, std::nullopt, {}};
    }
    reload_watched();
}

void RequestService::unwatch() {
    std::lock_guard lock(watch_mutex_);
    ++watch_generation_;
    watched_no_.clear();
    watched_ = {};
}

WatchedRequest RequestService::watched() const {
    std::lock_guard lock(watch_mutex_);
    return watched_;
}

void RequestService::reload_watched() {
    std::string no;
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(watch_mutex_);
        if (watched_no_.empty()) return;
        no = watched_no_;
        generation = watch_generation_;
    }
    worker_->post([this, no = std::move(no), generation] {
        auto found = find(no);
        std::lock_guard lock(watch_mutex_);
        if (generation != watch_generation_) return;  // the screen moved on meanwhile
        if (!found) {
            watched_ = {WatchedRequest::State::failed, std::nullopt, found.error()};
        } else if (!*found) {
            watched_ = {WatchedRequest::State::missing, std::nullopt, {}};
        } else {
            watched_ = {WatchedRequest::State::found, std::move(**found), {}};
        }
    });
}

void RequestService::rate_async(std::string request_no, std::string rating) {
    worker_->post([this, no = std::move(request_no), rating = std::move(rating)] {
        if (auto ok = rate(no, rating); !ok) {
            base::log::error("request", no, " rating not saved: ", ok.error());
        }
    });
    reload_watched();
}

std::expected<std::vector<RequestView>, std::string> RequestService::list() const {
    auto all = outbox_->list();
    if (!all) return std::unexpected(all.error());
    std::vector<RequestView> out;
    for (const auto& r : *all) out.push_back(view_of(r));
    return out;
}

std::expected<std::optional<RequestView>, std::string> RequestService::find(
    const std::string& request_no) const {
    const auto r = outbox_->find_local(request_no);
    if (!r) return std::unexpected(r.error());
    if (!*r) return std::optional<RequestView>();
    return std::optional(view_of(**r));
}

std::expected<void, std::string> RequestService::rate(const std::string& request_no,
                                                      const std::string& rating) {
    auto ok = outbox_->set_rating(request_no, rating);
    if (ok && sync_) sync_->nudge();
    return ok;
}

void RequestService::nudge() {
    if (sync_) sync_->nudge();
}

std::expected<SyncReport, std::string> RequestService::sync_once() {
    if (!sync_) return std::unexpected("no county configured ([county] url)");
    const auto s = sync_->sync_once();
    if (!s.storage_error.empty()) return std::unexpected(unreadable(s.storage_error));
    return SyncReport{s.sent, s.failed, s.replies, s.ratings, s.pending};
}

std::expected<bool, std::string> RequestService::sync_until_empty(
    std::chrono::milliseconds timeout) {
    if (!sync_) return std::unexpected("no county configured ([county] url)");
    auto empty = sync_->until_empty(timeout);
    if (!empty) return std::unexpected(unreadable(empty.error()));
    return empty;
}

std::expected<std::int64_t, std::string> RequestService::outbox_depth() const {
    return outbox_->pending();
}

RequestService::SyncHealth RequestService::sync_health() const {
    if (!sync_) return {};
    auto h = sync_->health();
    return {std::move(h.last_sync), std::move(h.last_error), std::move(h.last_error_at)};
}

std::pair<std::uint64_t, std::uint64_t> RequestService::wire_bytes() const {
    if (!sync_) return {0, 0};
    return {sync_->request_bytes_out(), sync_->request_bytes_in()};
}

Receipt RequestService::receipt(const RequestView& r) const {
    Receipt out;
    out.request_no = r.request_no;
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

std::string ledger_result_words(const RequestView& r) {
    using Stage = RequestView::Stage;
    switch (r.stage) {
        case Stage::done:
            return "办结：" + r.reply_text;
        case Stage::terminated:
            return "终止：" + r.reply_text;
        case Stage::in_progress:
            return "办理中";
        case Stage::accepted:
            return "已受理";
        case Stage::needs_attention:
            return "需处理：" + r.last_error;
        case Stage::received:
            return "已送达县里";
        case Stage::waiting_to_send:
            return "待送达";
    }
    return "待送达";
}

std::expected<std::vector<RequestView>, std::string> requests_in_quarter(
    const std::vector<RequestView>& requests, std::string_view quarter) {
    if (quarter.size() != 6 || quarter[4] != 'Q' || quarter[5] < '1' || quarter[5] > '4' ||
        !std::all_of(quarter.begin(), quarter.begin() + 4,
                     [](char c) { return c >= '0' && c <= '9'; })) {
        return std::unexpected("expected a quarter such as 2025Q3, got \"" + std::string(quarter) +
                               "\"");
    }
    const int year = std::stoi(std::string(quarter.substr(0, 4)));
    const int q = quarter[5] - '0';
    std::vector<RequestView> out;
    for (const auto& r : requests) {
        const auto date = base::parse_date(r.submitted_at.substr(0, 10));
        if (date && date->year == year && (date->month - 1) / 3 + 1 == q) out.push_back(r);
    }
    return out;
}

std::expected<std::string, std::string> ledger_csv(const std::vector<RequestView>& requests,
                                                   std::string_view quarter) {
    auto in_quarter = requests_in_quarter(requests, quarter);
    if (!in_quarter) return std::unexpected(in_quarter.error());
    // A UTF-8 byte order mark, so that spreadsheet programs on county PCs open it as Chinese.
    std::string csv =
        "\xEF\xBB\xBF序号,委托人,帮办代办员,事项,受理时间,办理时限,办理结果,回复时间,备注\r\n";
    // Every field quoted: commas, quotes and line breaks in the county's reply or the staff's
    // name stay inside their field.
    auto quoted = [](std::string_view field) { return base::csv::quote(field); };
    int n = 0;
    for (const auto& r : *in_quarter) {
        std::string note = r.service;
        if (!r.rating.empty()) note += "；评价：" + std::string(rating_words(r.rating));
        if (!r.case_no.empty()) note += "；县里编号 " + r.case_no;
        csv +=
            std::to_string(++n) + "," + quoted(r.id_masked) + "," + quoted(r.staff) + "," +
            quoted(r.item_name) + "," + quoted(r.submitted_at.substr(0, 16)) + "," +
            quoted(std::to_string(r.deadline_working_days) + "个工作日（" + r.deadline + "前）") +
            "," + quoted(ledger_result_words(r)) + "," +
            quoted(r.replied_at.substr(0, std::min<std::size_t>(16, r.replied_at.size()))) + "," +
            quoted(note) + "\r\n";
    }
    return csv;
}

}  // namespace kiosk::core
