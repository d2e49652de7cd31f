// The reference county server: net/API.md on cpp-httplib and SQLite, with injectable faults.
#include "net/county_server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "base/date.hpp"
#include "base/log.hpp"
#include "base/sqlite.hpp"
#include "base/utf8.hpp"

namespace net {

namespace {

using nlohmann::json;

constexpr std::string_view kLog = "county";
constexpr std::size_t kMaxBody = std::size_t{1} << 20;  // API.md: at most 1 MiB each way
// A reply's text; 200 replies of this size keep a page of replies well under 1 MiB.
constexpr std::size_t kMaxReplyText = 4000;
constexpr std::int64_t kMaxLimit = 200;

constexpr std::array<std::string_view, 10> kItems = {
    "dibao",  "tekun",  "dibao_bianyuan", "gangxing", "linshi",
    "yiliao", "jiaoyu", "zhufang",        "jiuye",    "shouzai"};
constexpr std::array<std::string_view, 4> kReplyStates = {"accepted", "in_progress", "done",
                                                          "terminated"};
constexpr std::array<std::string_view, 3> kRatings = {"satisfied", "basically_satisfied",
                                                      "dissatisfied"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& set, std::string_view value) {
    return std::find(set.begin(), set.end(), value) != set.end();
}

// WAL and a busy timeout because `county-server reply` writes while the server runs.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_no TEXT UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    body_hash TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    local_no TEXT NOT NULL,
    item TEXT NOT NULL,
    service TEXT NOT NULL,
    id_number TEXT NOT NULL,
    phone TEXT NOT NULL,
    missing_materials TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    received_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS requests_kiosk ON requests(kiosk_id);
CREATE TABLE IF NOT EXISTS replies (
    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
    case_no TEXT NOT NULL REFERENCES requests(case_no),
    state TEXT NOT NULL,
    text TEXT NOT NULL,
    replied_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS replies_case ON replies(case_no);
CREATE TABLE IF NOT EXISTS evaluations (
    case_no TEXT PRIMARY KEY REFERENCES requests(case_no),
    idempotency_key TEXT NOT NULL,
    rating TEXT NOT NULL,
    evaluated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS benefits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    id_number TEXT NOT NULL,
    item TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    pay_day INTEGER NOT NULL,
    status TEXT NOT NULL,
    stop_date TEXT NOT NULL,
    stop_reason TEXT NOT NULL,
    review TEXT NOT NULL,
    imported_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS benefits_person ON benefits(id_number);
)sql";

std::expected<base::Database, std::string> open_database(const std::filesystem::path& path) {
    auto db = base::Database::open(path.string(), base::Database::Mode::read_write_create);
    if (!db) return std::unexpected(path.string() + ": " + db.error());
    for (const std::string_view sql : {std::string_view("PRAGMA busy_timeout = 5000"),
                                       std::string_view("PRAGMA journal_mode = WAL"),
                                       std::string_view("PRAGMA foreign_keys = ON"), kSchema}) {
        if (auto r = db->exec(sql); !r) return std::unexpected(path.string() + ": " + r.error());
    }
    return std::move(*db);
}

// BEGIN IMMEDIATE … COMMIT; rolls back unless committed.
class Transaction {
  public:
    explicit Transaction(base::Database& db) : db_(db) {}
    std::expected<void, std::string> begin() {
        auto r = db_.exec("BEGIN IMMEDIATE");
        open_ = r.has_value();
        return r;
    }
    std::expected<void, std::string> commit() {
        auto r = db_.exec("COMMIT");
        if (r) open_ = false;
        return r;
    }
    ~Transaction() {
        if (open_) (void)db_.exec("ROLLBACK");
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

  private:
    base::Database& db_;
    bool open_ = false;
};

// RFC 3339 with the local offset: "2026-11-22T10:15:02+08:00".
std::string now_rfc3339() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
    std::string s(text);
    s.insert(s.size() - 2, ":");  // strftime writes +0800
    return s;
}

bool is_rfc3339(const std::string& text) {
    static const std::regex pattern(
        R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))");
    return std::regex_match(text, pattern);
}

// GB 11643 in a few lines (net does not link scanner): 17 digits and an ISO 7064 MOD 11-2 check
// character. The birth date is the kiosk's business; the county checks what API.md promises.
bool id_number_valid(std::string_view s) {
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kChecks[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    if (s.size() != 18) return false;
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        sum += (s[i] - '0') * kWeights[i];
    }
    return s[17] == kChecks[sum % 11];
}

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 0xF];
    }
    return out;
}

// The body as the county understood it: parsed and dumped again (keys sorted), so that a retry
// which only reorders keys or whitespace still counts as the same request.
std::string body_hash(const json& body) {
    const std::string canonical = body.dump();
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest,
                       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                       nullptr, 0);
    return hex(digest, sizeof digest);
}

std::string_view error_code_for(int status) {
    switch (status) {
        case 401:
            return "unauthorized";
        case 404:
            return "not_found";
        case 409:
            return "conflict";
        case 413:
            return "too_large";
        case 503:
            return "unavailable";
        default:
            return status >= 500 ? "internal" : "bad_request";
    }
}

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    // Replace rather than throw on bytes that are not UTF-8: they come only from the database.
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view message) {
    send_json(res, status,
              json{{"error", {{"code", error_code_for(status)}, {"message", message}}}});
}

// The fields of POST /requests, checked.
struct RequestFields {
    std::string idempotency_key, kiosk_id, local_no, item, service, id_number, phone, submitted_at;
    std::vector<std::string> missing_materials;
};

std::expected<std::string, std::string> string_field(const json& body, const char* name,
                                                     std::size_t min_bytes, std::size_t max_bytes) {
    const auto it = body.find(name);
    if (it == body.end()) return std::unexpected(std::string(name) + ": missing");
    if (!it->is_string()) return std::unexpected(std::string(name) + ": must be a string");
    const auto& value = it->get_ref<const std::string&>();
    if (value.size() < min_bytes) return std::unexpected(std::string(name) + ": empty");
    if (value.size() > max_bytes) {
        return std::unexpected(std::string(name) + ": longer than " + std::to_string(max_bytes) +
                               " bytes");
    }
    return value;
}

std::expected<RequestFields, std::string> parse_request_fields(const json& body) {
    RequestFields f;
    struct Field {
        const char* name;
        std::string* out;
        std::size_t min, max;
    };
    for (const Field& field :
         {Field{"idempotency_key", &f.idempotency_key, 1, 128},
          Field{"kiosk_id", &f.kiosk_id, 1, 64}, Field{"local_no", &f.local_no, 1, 64},
          Field{"item", &f.item, 1, 64}, Field{"service", &f.service, 1, 200},
          Field{"id_number", &f.id_number, 1, 64}, Field{"phone", &f.phone, 0, 32},
          Field{"submitted_at", &f.submitted_at, 1, 64}}) {
        auto value = string_field(body, field.name, field.min, field.max);
        if (!value) return std::unexpected(value.error());
        *field.out = std::move(*value);
    }
    if (!one_of(kItems, f.item)) return std::unexpected("item: unknown item \"" + f.item + "\"");
    if (!id_number_valid(f.id_number)) {
        return std::unexpected(
            "id_number: not a valid ID number (18 characters, the last a digit or X, and the "
            "check character must match)");
    }
    if (f.phone.find_first_not_of("0123456789+- ") != std::string::npos) {
        return std::unexpected("phone: only digits, +, - and spaces");
    }
    if (!is_rfc3339(f.submitted_at)) {
        return std::unexpected("submitted_at: not an RFC 3339 time with offset");
    }
    const auto materials = body.find("missing_materials");
    if (materials == body.end()) return std::unexpected("missing_materials: missing");
    if (!materials->is_array()) return std::unexpected("missing_materials: must be an array");
    if (materials->size() > 100) return std::unexpected("missing_materials: more than 100");
    for (const auto& m : *materials) {
        if (!m.is_string() || m.get_ref<const std::string&>().empty()) {
            return std::unexpected("missing_materials: each must be a non-empty string");
        }
        f.missing_materials.push_back(m.get<std::string>());
    }
    return f;
}

// The port of a socket address, or -1.
int port_of(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    }
    return -1;
}

std::string host_of(const sockaddr_storage& address, socklen_t length) {
    char host[NI_MAXHOST];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, nullptr,
                    0, NI_NUMERICHOST) != 0) {
        return {};
    }
    return host;
}

// cpp-httplib does not hand its socket to a handler; to lose an answer the server finds the
// connection among its open descriptors by the two ends the request names (a TCP connection is
// unique by them, and the test's own client sockets have the ends the other way round).
std::optional<int> connection_socket(const httplib::Request& req, int server_port) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        sockaddr_storage local{}, peer{};
        socklen_t local_length = sizeof local, peer_length = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0) continue;
        if (port_of(local) != server_port) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) continue;
        if (port_of(peer) == req.remote_port && host_of(peer, peer_length) == req.remote_addr) {
            return fd;
        }
    }
    return std::nullopt;
}

// --- Benefit status (享受待遇信息) -------------------------------------------------------------

// "1101**********002X": enough for a log line to be followed, not enough to name the resident.
std::string masked_id(std::string_view id) {
    if (id.size() <= 8) return std::string(id.size(), '*');
    return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
           std::string(id.substr(id.size() - 4));
}

// "800", "800.5", "800.00" → 80000 fen; at most nine digits of yuan and two decimals.
std::optional<std::int64_t> parse_yuan(std::string_view text) {
    static const std::regex pattern(R"((\d{1,9})(\.(\d{1,2}))?)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(text.begin(), text.end(), m, pattern)) return std::nullopt;
    std::int64_t fen = std::stoll(m[1].str()) * 100;
    if (m[3].matched) {
        const std::string decimals = m[3].str();
        fen += decimals.size() == 1 ? (decimals[0] - '0') * 10 : std::stoll(decimals);
    }
    return fen;
}

std::string format_yuan(std::int64_t fen) {
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(fen / 100),
                  static_cast<long long>(fen % 100));
    return text;
}

int days_in_month(int year, int month) {
    int day = 31;
    while (!base::is_valid_date(year, month, day)) --day;
    return day;
}

// The date `months` months after `date`, on the same day or the month's last day.
base::Date plus_months(const base::Date& date, int months) {
    const int index = date.year * 12 + (date.month - 1) + months;
    base::Date out;
    out.year = index / 12;
    out.month = index % 12 + 1;
    out.day = std::min(date.day, days_in_month(out.year, out.month));
    return out;
}

// The latest pay day (day `pay_day` of a month, 1..28) on or before `date`.
base::Date pay_day_on_or_before(const base::Date& date, int pay_day) {
    base::Date candidate{date.year, date.month, pay_day};
    if (candidate > date) candidate = plus_months(candidate, -1);
    return candidate;
}

struct Benefit {
    std::string item;
    std::int64_t amount_fen = 0;
    base::Date start;
    int pay_day = 1;
    std::string status;  // active | stopped
    std::optional<base::Date> stop;
    std::string stop_reason;
    std::string review;  // yearly | halfyear
};

// One benefit as API.md shows it, as of `today`.
json benefit_json(const Benefit& b, const base::Date& today) {
    std::optional<base::Date> last_payment;
    if (b.status == "active") {
        last_payment = pay_day_on_or_before(today, b.pay_day);
    } else if (b.stop) {
        // The last pay day before the stop (and not after today).
        last_payment = pay_day_on_or_before(std::min(b.stop->plus_days(-1), today), b.pay_day);
    }
    if (last_payment && *last_payment < b.start) last_payment.reset();
    std::string next_review;
    if (b.status == "active") {
        const int step = b.review == "halfyear" ? 6 : 12;
        int months = step;
        while (plus_months(b.start, months) <= today) months += step;
        next_review = plus_months(b.start, months).to_string();
    }
    return json{{"item", b.item},
                {"amount_yuan", format_yuan(b.amount_fen)},
                {"start_date", b.start.to_string()},
                {"pay_day", b.pay_day},
                {"status", b.status},
                {"stop_date", b.stop ? b.stop->to_string() : ""},
                {"stop_reason", b.stop_reason},
                {"last_payment_date", last_payment ? last_payment->to_string() : ""},
                {"last_payment_yuan", last_payment ? format_yuan(b.amount_fen) : ""},
                {"next_review", next_review}};
}

// One CSV line, RFC 4180 quoting within the line ("a ""b""", commas inside quotes).
std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') {
                fields.back() += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"' && fields.back().empty()) {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    if (quoted) return std::nullopt;
    return fields;
}

constexpr std::string_view kBenefitHeader =
    "id_number,item,amount_yuan,start_date,pay_day,status,stop_date,stop_reason";

struct BenefitRow {
    std::string id_number;
    Benefit benefit;
};

// The fields of one data line, checked; the error says what is wrong (without the ID number).
std::expected<BenefitRow, std::string> parse_benefit_line(const std::vector<std::string>& f,
                                                          std::size_t columns) {
    if (f.size() != columns) {
        return std::unexpected(std::to_string(f.size()) + " columns, the header has " +
                               std::to_string(columns));
    }
    BenefitRow row;
    Benefit& b = row.benefit;
    row.id_number = f[0];
    if (!id_number_valid(row.id_number)) {
        return std::unexpected(
            "id_number: not a valid ID number (18 characters, the last a digit or X, and the "
            "check character must match)");
    }
    b.item = f[1];
    if (!one_of(kItems, b.item)) return std::unexpected("item: unknown item \"" + b.item + "\"");
    const auto fen = parse_yuan(f[2]);
    if (!fen) return std::unexpected("amount_yuan: \"" + f[2] + "\" is not an amount like 800.00");
    b.amount_fen = *fen;
    const auto start = base::parse_date(f[3]);
    if (!start) return std::unexpected("start_date: \"" + f[3] + "\" is not a date YYYY-MM-DD");
    b.start = *start;
    const std::string& pay = f[4];
    if (pay.empty() || pay.size() > 2 || pay.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(pay) < 1 || std::stoi(pay) > 28) {
        return std::unexpected("pay_day: \"" + pay + "\" is not a day 1 to 28");
    }
    b.pay_day = std::stoi(pay);
    b.status = f[5];
    if (b.status != "active" && b.status != "stopped") {
        return std::unexpected("status: \"" + b.status + "\" is neither active nor stopped");
    }
    if (b.status == "stopped") {
        if (f[6].empty()) return std::unexpected("stop_date: required when status is stopped");
        const auto stop = base::parse_date(f[6]);
        if (!stop) return std::unexpected("stop_date: \"" + f[6] + "\" is not a date YYYY-MM-DD");
        if (*stop < b.start) return std::unexpected("stop_date: before start_date");
        b.stop = *stop;
    } else if (!f[6].empty() || !f[7].empty()) {
        return std::unexpected("stop_date and stop_reason: must be empty when status is active");
    }
    b.stop_reason = f[7];
    if (!base::utf8::is_valid(b.stop_reason) || b.stop_reason.size() > 1000) {
        return std::unexpected("stop_reason: not UTF-8 text of at most 1000 bytes");
    }
    b.review = columns == 9 && !f[8].empty() ? f[8] : "yearly";
    if (b.review != "yearly" && b.review != "halfyear") {
        return std::unexpected("review: \"" + f[8] + "\" is neither yearly nor halfyear");
    }
    return row;
}

enum class Fault { none, fail, drop_before, drop_after };

// httplib listens with a backlog of 5: a few kiosks connecting at once would see their SYNs
// dropped and retried a second later. Listening again on the bound socket widens it.
class HttpServer : public httplib::Server {
  public:
    void widen_backlog() { ::listen(svr_sock_, SOMAXCONN); }
};

}  // namespace

struct CountyServer::Impl {
    CountyServerOptions options;
    base::Database db;
    std::mutex db_mutex;  // one connection, httplib's worker threads take turns
    std::mutex rng_mutex;
    std::mt19937 rng;
    HttpServer http;
    std::thread thread;
    int port = 0;
    std::optional<base::Date> fixed_today;  // options.today, parsed

    Impl(CountyServerOptions o, base::Database d)
        : options(std::move(o)), db(std::move(d)), rng(options.seed) {}

    // Three draws per request whatever the outcome, so the sequence of faults depends only on
    // the seed and the order of requests.
    Fault decide_fault() {
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        std::lock_guard lock(rng_mutex);
        const double drop = uniform(rng), fail = uniform(rng), after = uniform(rng);
        if (drop < options.drop_rate) return after < 0.5 ? Fault::drop_before : Fault::drop_after;
        if (fail < options.fail_rate) return Fault::fail;
        return Fault::none;
    }

    // Shuts the connection down under httplib: it reads end-of-file, its answer fails to send,
    // and it closes the socket as after any broken connection.
    void drop_connection(const httplib::Request& req, httplib::Response& res) {
        if (const auto fd = connection_socket(req, port)) {
            ::shutdown(*fd, SHUT_RDWR);
            base::log::debug(kLog, "dropped the answer to ", req.method, " ", req.path);
            res.status = 500;  // never sent
            return;
        }
        base::log::warn(kLog, "cannot find the connection to drop; answering 503 instead");
        send_error(res, 503, "injected fault: the answer was to be lost");
    }

    bool authorised(const httplib::Request& req, httplib::Response& res) const {
        if (options.token.empty()) return true;
        const std::string header = req.get_header_value("Authorization");
        constexpr std::string_view kBearer = "Bearer ";
        if (header.rfind(kBearer, 0) != 0) {
            send_error(res, 401, "Authorization: missing bearer token");
            return false;
        }
        const std::string_view given = std::string_view(header).substr(kBearer.size());
        // Constant time, so the token cannot be guessed byte by byte from the answer's timing.
        if (given.size() != options.token.size() ||
            sodium_memcmp(given.data(), options.token.data(), given.size()) != 0) {
            send_error(res, 401, "Authorization: wrong token");
            return false;
        }
        return true;
    }

    using Endpoint = void (Impl::*)(const httplib::Request&, httplib::Response&);

    // Faults first (they stand for the network and the county's machines), then authentication,
    // then the endpoint.
    void serve(const httplib::Request& req, httplib::Response& res, Endpoint endpoint) {
        if (options.delay_ms > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(options.delay_ms));
        }
        const Fault fault = decide_fault();
        if (fault == Fault::fail) {
            send_error(res, 503, "injected fault: the county is unavailable, try again later");
            return;
        }
        if (fault == Fault::drop_before) {
            drop_connection(req, res);
            return;
        }
        if (authorised(req, res)) (this->*endpoint)(req, res);
        if (fault == Fault::drop_after) drop_connection(req, res);
    }

    // The kiosk the request comes from, or an error answer.
    static std::optional<std::string> kiosk_of(const httplib::Request& req,
                                               httplib::Response& res) {
        std::string kiosk = req.get_header_value("X-Kiosk-Id");
        if (kiosk.empty()) {
            send_error(res, 400, "X-Kiosk-Id: missing");
            return std::nullopt;
        }
        return kiosk;
    }

    // The body as a JSON object, or an error answer.
    static std::optional<json> json_body(const httplib::Request& req, httplib::Response& res) {
        const std::string type = req.get_header_value("Content-Type");
        if (type != "application/json" && type.rfind("application/json;", 0) != 0) {
            send_error(res, 400, "Content-Type: must be application/json");
            return std::nullopt;
        }
        json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) {
            send_error(res, 400, "body: not valid JSON");
            return std::nullopt;
        }
        if (!body.is_object()) {
            send_error(res, 400, "body: must be a JSON object");
            return std::nullopt;
        }
        return body;
    }

    void internal_error(httplib::Response& res, const std::string& what) {
        base::log::error(kLog, "database: ", what);
        send_error(res, 500, "the county could not store or read this; try again later");
    }

    void health(const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, json{{"ok", true}, {"version", 1}});
    }

    void post_request(const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = kiosk_of(req, res);
        if (!kiosk) return;
        const auto body = json_body(req, res);
        if (!body) return;
        auto fields = parse_request_fields(*body);
        if (!fields) {
            send_error(res, 400, fields.error());
            return;
        }
        if (fields->kiosk_id != *kiosk) {
            send_error(res, 400, "kiosk_id: \"" + fields->kiosk_id + "\" is not X-Kiosk-Id");
            return;
        }
        const std::string hash = body_hash(*body);

        std::lock_guard lock(db_mutex);
        Transaction tx(db);
        if (auto r = tx.begin(); !r) return internal_error(res, r.error());
        auto seen = db.prepare(
            "SELECT case_no, body_hash, received_at FROM requests WHERE idempotency_key = ?");
        if (!seen) return internal_error(res, seen.error());
        seen->bind(1, fields->idempotency_key);
        auto row = seen->step();
        if (!row) return internal_error(res, row.error());
        if (*row) {
            if (seen->text(1) != hash) {
                send_error(res, 409,
                           "idempotency_key: seen before with a different body (case " +
                               seen->text(0) + ")");
                return;
            }
            base::log::info(kLog, "request ", seen->text(0), " again from ", *kiosk);
            send_json(res, 200,
                      json{{"case_no", seen->text(0)},
                           {"state", "received"},
                           {"received_at", seen->text(2)}});
            return;
        }

        const std::string received_at = now_rfc3339();
        auto insert = db.prepare(
            "INSERT INTO requests (idempotency_key, body_hash, kiosk_id, local_no, item, service, "
            "id_number, phone, missing_materials, submitted_at, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert) return internal_error(res, insert.error());
        insert->bind(1, fields->idempotency_key)
            .bind(2, hash)
            .bind(3, fields->kiosk_id)
            .bind(4, fields->local_no)
            .bind(5, fields->item)
            .bind(6, fields->service)
            .bind(7, fields->id_number)
            .bind(8, fields->phone)
            .bind(9, json(fields->missing_materials).dump())
            .bind(10, fields->submitted_at)
            .bind(11, received_at);
        if (auto r = insert->run(); !r) return internal_error(res, r.error());
        // The case number follows the row id, so it is dense and never reused.
        auto number = db.prepare(
            "UPDATE requests SET case_no = printf('C-%06d', id) WHERE id = last_insert_rowid() "
            "RETURNING case_no");
        if (!number) return internal_error(res, number.error());
        auto numbered = number->step();
        if (!numbered || !*numbered) {
            return internal_error(res, numbered ? "no case number" : numbered.error());
        }
        const std::string case_no = number->text(0);
        number->reset();
        if (auto r = tx.commit(); !r) return internal_error(res, r.error());
        base::log::info(kLog, "request ", case_no, " from ", *kiosk, " (", fields->item, ")");
        send_json(res, 201,
                  json{{"case_no", case_no}, {"state", "received"}, {"received_at", received_at}});
    }

    void get_replies(const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = kiosk_of(req, res);
        if (!kiosk) return;
        auto number_param = [&](const char* name, std::int64_t fallback,
                                std::int64_t min) -> std::optional<std::int64_t> {
            if (!req.has_param(name)) return fallback;
            const std::string text = req.get_param_value(name);
            std::int64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
                value < min) {
                send_error(res, 400,
                           std::string(name) + ": must be a whole number, at least " +
                               std::to_string(min));
                return std::nullopt;
            }
            return value;
        };
        const auto since = number_param("since", 0, 0);
        if (!since) return;
        const auto limit = number_param("limit", kMaxLimit, 1);
        if (!limit) return;

        std::lock_guard lock(db_mutex);
        auto query = db.prepare(
            "SELECT r.cursor, r.case_no, q.idempotency_key, r.state, r.text, r.replied_at "
            "FROM replies r JOIN requests q ON q.case_no = r.case_no "
            "WHERE q.kiosk_id = ? AND r.cursor > ? ORDER BY r.cursor LIMIT ?");
        if (!query) return internal_error(res, query.error());
        query->bind(1, *kiosk).bind(2, *since).bind(3, std::min(*limit, kMaxLimit));
        json replies = json::array();
        std::int64_t next = *since;
        while (true) {
            auto row = query->step();
            if (!row) return internal_error(res, row.error());
            if (!*row) break;
            next = query->integer(0);
            replies.push_back(json{{"cursor", next},
                                   {"case_no", query->text(1)},
                                   {"idempotency_key", query->text(2)},
                                   {"state", query->text(3)},
                                   {"text", query->text(4)},
                                   {"replied_at", query->text(5)}});
        }
        send_json(res, 200, json{{"replies", std::move(replies)}, {"next", next}});
    }

    void post_evaluation(const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = kiosk_of(req, res);
        if (!kiosk) return;
        const std::string case_no = req.matches[1];
        const auto body = json_body(req, res);
        if (!body) return;
        auto key = string_field(*body, "idempotency_key", 1, 128);
        if (!key) return send_error(res, 400, key.error());
        auto rating = string_field(*body, "rating", 1, 64);
        if (!rating) return send_error(res, 400, rating.error());
        if (!one_of(kRatings, *rating)) {
            return send_error(res, 400, "rating: unknown rating \"" + *rating + "\"");
        }

        std::lock_guard lock(db_mutex);
        Transaction tx(db);
        if (auto r = tx.begin(); !r) return internal_error(res, r.error());
        // Another kiosk's case is answered as unknown: a kiosk learns nothing of the others.
        auto owner = db.prepare("SELECT kiosk_id FROM requests WHERE case_no = ?");
        if (!owner) return internal_error(res, owner.error());
        owner->bind(1, case_no);
        auto found = owner->step();
        if (!found) return internal_error(res, found.error());
        if (!*found || owner->text(0) != *kiosk) {
            return send_error(res, 404, "case_no: no case " + case_no + " from this kiosk");
        }
        // A retry of the evaluation already stored is answered as the first time (exactly once).
        auto earlier =
            db.prepare("SELECT idempotency_key, rating FROM evaluations WHERE case_no = ?");
        if (!earlier) return internal_error(res, earlier.error());
        earlier->bind(1, case_no);
        auto evaluated = earlier->step();
        if (!evaluated) return internal_error(res, evaluated.error());
        if (*evaluated) {
            if (earlier->text(0) == *key && earlier->text(1) == *rating) {
                return send_json(res, 200, json{{"case_no", case_no}, {"rating", *rating}});
            }
            return send_error(res, 409, "case " + case_no + " was already evaluated");
        }
        auto latest =
            db.prepare("SELECT state FROM replies WHERE case_no = ? ORDER BY cursor DESC LIMIT 1");
        if (!latest) return internal_error(res, latest.error());
        latest->bind(1, case_no);
        auto replied = latest->step();
        if (!replied) return internal_error(res, replied.error());
        const std::string state = *replied ? latest->text(0) : "received";
        if (state != "done") {
            return send_error(res, 409,
                              "case " + case_no + " is " + state + "; evaluation only once done");
        }
        auto insert = db.prepare(
            "INSERT INTO evaluations (case_no, idempotency_key, rating, evaluated_at) "
            "VALUES (?, ?, ?, ?)");
        if (!insert) return internal_error(res, insert.error());
        insert->bind(1, case_no).bind(2, *key).bind(3, *rating).bind(4, now_rfc3339());
        if (auto r = insert->run(); !r) return internal_error(res, r.error());
        if (auto r = tx.commit(); !r) return internal_error(res, r.error());
        base::log::info(kLog, "evaluation of ", case_no, ": ", *rating);
        send_json(res, 200, json{{"case_no", case_no}, {"rating", *rating}});
    }

    base::Date today() const { return fixed_today ? *fixed_today : base::today_local(); }

    // 享受待遇信息: what the county pays a resident. No record is an empty list, not 404.
    void post_benefits_query(const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = kiosk_of(req, res);
        if (!kiosk) return;
        const auto body = json_body(req, res);
        if (!body) return;
        const auto consent = body->find("consent");
        if (consent == body->end() || !consent->is_boolean() || !consent->get<bool>()) {
            return send_error(res, 400, "consent: must be true (the resident agreed to the query)");
        }
        auto id_number = string_field(*body, "id_number", 1, 64);
        if (!id_number) return send_error(res, 400, id_number.error());
        if (!id_number_valid(*id_number)) {
            return send_error(res, 400,
                              "id_number: not a valid ID number (18 characters, the last a digit "
                              "or X, and the check character must match)");
        }
        const base::Date as_of = today();

        std::lock_guard lock(db_mutex);
        auto query = db.prepare(
            "SELECT item, amount_fen, start_date, pay_day, status, stop_date, stop_reason, review "
            "FROM benefits WHERE id_number = ? ORDER BY id");
        if (!query) return internal_error(res, query.error());
        query->bind(1, *id_number);
        json benefits = json::array();
        while (true) {
            auto row = query->step();
            if (!row) return internal_error(res, row.error());
            if (!*row) break;
            Benefit b;
            b.item = query->text(0);
            b.amount_fen = query->integer(1);
            const auto start = base::parse_date(query->text(2));
            if (!start) return internal_error(res, "benefits: bad start_date in the database");
            b.start = *start;
            b.pay_day = static_cast<int>(query->integer(3));
            b.status = query->text(4);
            b.stop = base::parse_date(query->text(5));
            b.stop_reason = query->text(6);
            b.review = query->text(7);
            benefits.push_back(benefit_json(b, as_of));
        }
        base::log::info(kLog, "benefits query from ", *kiosk, " for ", masked_id(*id_number), ": ",
                        benefits.size(), " found");
        send_json(res, 200, json{{"benefits", std::move(benefits)}});
    }

    void route() {
        auto bind = [this](Endpoint endpoint) {
            return [this, endpoint](const httplib::Request& req, httplib::Response& res) {
                serve(req, res, endpoint);
            };
        };
        http.Get("/api/v1/health", bind(&Impl::health));
        http.Post("/api/v1/requests", bind(&Impl::post_request));
        http.Get("/api/v1/replies", bind(&Impl::get_replies));
        http.Post(R"(/api/v1/requests/([^/]+)/evaluation)", bind(&Impl::post_evaluation));
        http.Post("/api/v1/benefits/query", bind(&Impl::post_benefits_query));
        http.set_payload_max_length(kMaxBody);
        // httplib's default adds SO_REUSEPORT, with which a second server binds the same port
        // and takes half the connections; a county server must fail to start instead.
        http.set_socket_options([](socket_t sock) {
            int yes = 1;
            setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        // Answers httplib makes itself (413, 404, 400 for a malformed request line) get the
        // error body of API.md too; ours already have one.
        http.set_error_handler(httplib::Server::HandlerWithResponse(
            [](const httplib::Request&, httplib::Response& res) {
                if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
                switch (res.status) {
                    case 404:
                        send_error(res, 404, "no such endpoint");
                        break;
                    case 413:
                        send_error(res, 413, "body: larger than 1 MiB");
                        break;
                    // httplib refuses a request it cannot read, e.g. a POST without Content-Length.
                    case 400:
                        send_error(res, 400, "malformed HTTP request");
                        break;
                    default:
                        send_error(res, res.status, "HTTP " + std::to_string(res.status));
                }
                return httplib::Server::HandlerResponse::Handled;
            }));
        http.set_exception_handler(
            [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
                std::string what = "unknown exception";
                try {
                    std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    what = e.what();
                } catch (...) {
                }
                base::log::error(kLog, "handler failed: ", what);
                send_error(res, 500, "internal error");
            });
    }
};

CountyServer::CountyServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CountyServer::~CountyServer() {
    impl_->http.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

int CountyServer::port() const {
    return impl_->port;
}

std::string CountyServer::url() const {
    const std::string& host = impl_->options.host;
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

std::expected<std::unique_ptr<CountyServer>, std::string> CountyServer::start(
    CountyServerOptions options) {
    if (!(options.fail_rate >= 0 && options.fail_rate <= 1)) {
        return std::unexpected("fail rate must be between 0 and 1");
    }
    if (!(options.drop_rate >= 0 && options.drop_rate <= 1)) {
        return std::unexpected("drop rate must be between 0 and 1");
    }
    if (options.delay_ms < 0) return std::unexpected("delay must not be negative");
    if (options.port < 0 || options.port > 65535) return std::unexpected("port out of range");
    if (options.db.empty()) return std::unexpected("no database file given");
    std::optional<base::Date> fixed_today;
    if (!options.today.empty()) {
        fixed_today = base::parse_date(options.today);
        if (!fixed_today) return std::unexpected("today: \"" + options.today + "\" is not YYYY-MM-DD");
    }
    if (sodium_init() < 0) return std::unexpected("libsodium failed to initialise");

    auto db = open_database(options.db);
    if (!db) return std::unexpected(db.error());
    auto impl = std::make_unique<Impl>(std::move(options), std::move(*db));
    impl->fixed_today = fixed_today;
    impl->route();
    const std::string& host = impl->options.host;
    if (impl->options.port == 0) {
        impl->port = impl->http.bind_to_any_port(host);
        if (impl->port < 0) return std::unexpected("cannot listen on " + host);
    } else {
        if (!impl->http.bind_to_port(host, impl->options.port)) {
            return std::unexpected("cannot listen on " + host + ":" +
                                   std::to_string(impl->options.port));
        }
        impl->port = impl->options.port;
    }
    impl->http.widen_backlog();
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->http.listen_after_bind(); });
    // Connections queue on the bound socket already; the wait is so that stop() in the
    // destructor finds the loop running (httplib ignores a stop() that comes before it).
    while (!impl->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    base::log::info(kLog, "listening on ", host, ":", impl->port);
    return std::unique_ptr<CountyServer>(new CountyServer(std::move(impl)));
}

std::expected<std::vector<ReceivedRequest>, std::string> list_requests(
    const std::filesystem::path& db_path) {
    if (!std::filesystem::exists(db_path)) {
        return std::unexpected(db_path.string() + ": no such database");
    }
    auto db = open_database(db_path);
    if (!db) return std::unexpected(db.error());
    auto query = db->prepare(
        "SELECT q.case_no, q.idempotency_key, q.kiosk_id, q.local_no, q.item, q.service, "
        "q.id_number, q.phone, q.received_at, q.missing_materials, "
        "COALESCE((SELECT r.state FROM replies r WHERE r.case_no = q.case_no "
        "ORDER BY r.cursor DESC LIMIT 1), 'received'), COALESCE(e.rating, '') "
        "FROM requests q LEFT JOIN evaluations e ON e.case_no = q.case_no ORDER BY q.id");
    if (!query) return std::unexpected(query.error());
    std::vector<ReceivedRequest> out;
    while (true) {
        auto row = query->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        ReceivedRequest r;
        r.case_no = query->text(0);
        r.idempotency_key = query->text(1);
        r.kiosk_id = query->text(2);
        r.local_no = query->text(3);
        r.item = query->text(4);
        r.service = query->text(5);
        r.id_number = query->text(6);
        r.phone = query->text(7);
        r.received_at = query->text(8);
        const json materials = json::parse(query->text(9), nullptr, false);
        if (materials.is_array()) {
            for (const auto& m : materials) {
                if (m.is_string()) r.missing_materials.push_back(m.get<std::string>());
            }
        }
        r.state = query->text(10);
        r.rating = query->text(11);
        out.push_back(std::move(r));
    }
    return out;
}

std::expected<void, std::string> post_reply(const std::filesystem::path& db_path,
                                            const std::string& case_no, const std::string& state,
                                            const std::string& text) {
    if (!one_of(kReplyStates, state)) {
        return std::unexpected("unknown state \"" + state +
                               "\" (accepted, in_progress, done or terminated)");
    }
    if (!base::utf8::is_valid(text)) return std::unexpected("the text is not valid UTF-8");
    if (text.size() > kMaxReplyText) {
        return std::unexpected("the text is longer than " + std::to_string(kMaxReplyText) +
                               " bytes");
    }
    if (!std::filesystem::exists(db_path)) {
        return std::unexpected(db_path.string() + ": no such database");
    }
    auto db = open_database(db_path);
    if (!db) return std::unexpected(db.error());
    Transaction tx(*db);
    if (auto r = tx.begin(); !r) return std::unexpected(r.error());
    auto known = db->prepare("SELECT 1 FROM requests WHERE case_no = ?");
    if (!known) return std::unexpected(known.error());
    known->bind(1, case_no);
    auto found = known->step();
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::unexpected("no case " + case_no);
    known->reset();
    auto insert =
        db->prepare("INSERT INTO replies (case_no, state, text, replied_at) VALUES (?, ?, ?, ?)");
    if (!insert) return std::unexpected(insert.error());
    insert->bind(1, case_no).bind(2, state).bind(3, text).bind(4, now_rfc3339());
    if (auto r = insert->run(); !r) return std::unexpected(r.error());
    return tx.commit();
}

std::expected<std::string, std::string> import_benefits(const std::filesystem::path& db_path,
                                                        const std::filesystem::path& csv) {
    const std::string file = csv.string();
    std::ifstream in(csv, std::ios::binary);
    if (!in) return std::unexpected(file + ": cannot open");
    std::vector<BenefitRow> rows;
    std::vector<std::string> residents;  // in the order of first appearance
    std::size_t columns = 0;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto where = [&](const std::string& what) {
            return std::unexpected(file + ":" + std::to_string(number) + ": " + what);
        };
        if (number == 1) {
            if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a BOM from a spreadsheet
            if (line == kBenefitHeader) {
                columns = 8;
            } else if (line == std::string(kBenefitHeader) + ",review") {
                columns = 9;
            } else {
                return where("the header must be \"" + std::string(kBenefitHeader) +
                             "\" (and optionally \",review\")");
            }
            continue;
        }
        if (line.empty()) continue;
        const auto fields = split_csv_line(line);
        if (!fields) return where("a quoted field is not closed");
        auto row = parse_benefit_line(*fields, columns);
        if (!row) return where(row.error());
        if (std::find(residents.begin(), residents.end(), row->id_number) == residents.end()) {
            residents.push_back(row->id_number);
        }
        rows.push_back(std::move(*row));
    }
    if (columns == 0) return std::unexpected(file + ":1: empty file, the header is missing");

    auto db = open_database(db_path);
    if (!db) return std::unexpected(db.error());
    Transaction tx(*db);
    if (auto r = tx.begin(); !r) return std::unexpected(r.error());
    auto remove = db->prepare("DELETE FROM benefits WHERE id_number = ?");
    if (!remove) return std::unexpected(remove.error());
    for (const auto& id : residents) {
        remove->bind(1, id);
        if (auto r = remove->run(); !r) return std::unexpected(r.error());
    }
    auto insert = db->prepare(
        "INSERT INTO benefits (id_number, item, amount_fen, start_date, pay_day, status, "
        "stop_date, stop_reason, review, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return std::unexpected(insert.error());
    const std::string imported_at = now_rfc3339();
    for (const auto& row : rows) {
        const Benefit& b = row.benefit;
        insert->bind(1, row.id_number)
            .bind(2, b.item)
            .bind(3, b.amount_fen)
            .bind(4, b.start.to_string())
            .bind(5, std::int64_t{b.pay_day})
            .bind(6, b.status)
            .bind(7, b.stop ? b.stop->to_string() : "")
            .bind(8, b.stop_reason)
            .bind(9, b.review)
            .bind(10, imported_at);
        if (auto r = insert->run(); !r) return std::unexpected(r.error());
    }
    if (auto r = tx.commit(); !r) return std::unexpected(r.error());
    return "imported " + std::to_string(rows.size()) + " benefits for " +
           std::to_string(residents.size()) + " residents";
}

}  // namespace net
