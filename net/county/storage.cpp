// The county's SQLite database.
#include "net/county/storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <type_traits>
#include <utility>

#include "base/log.hpp"
#include "base/posix_error.hpp"
#include "base/rfc3339.hpp"
#include "base/utf8.hpp"

namespace county {
namespace {

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
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id TEXT PRIMARY KEY,
    software_version TEXT NOT NULL,
    content_version INTEGER NOT NULL,
    content_expires TEXT NOT NULL,
    content_expired INTEGER NOT NULL,
    printer_state TEXT NOT NULL,
    paper_left_percent INTEGER,
    outbox_depth INTEGER NOT NULL,
    last_sync TEXT NOT NULL,
    last_error TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    received_at TEXT NOT NULL);
)sql";

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

// Steps through every row of `query`, handing each to `read`, which may refuse it by returning
// an error; the first error ends the walk.
template <class Read>
std::expected<void, std::string> each_row(base::Statement& query, Read read) {
    while (true) {
        auto row = query.step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return {};
        if constexpr (std::is_void_v<std::invoke_result_t<Read, const base::Statement&>>) {
            read(std::as_const(query));
        } else if (auto ok = read(std::as_const(query)); !ok) {
            return ok;
        }
    }
}

// A reply the county may post: a known state and a text that fits.
std::expected<void, std::string> check_reply(const std::string& state, const std::string& text) {
    if (!net::api::is_reply_state(state)) {
        return std::unexpected("unknown state \"" + state +
                               "\" (accepted, in_progress, done or terminated)");
    }
    if (!base::utf8::is_valid(text)) return std::unexpected("the text is not valid UTF-8");
    if (text.size() > Store::kMaxReplyText) {
        return std::unexpected("the text is longer than " + std::to_string(Store::kMaxReplyText) +
                               " bytes");
    }
    return {};
}

// The database holds residents' full ID numbers and phones: only its owner (the county server's
// own user) may read it. Created so before SQLite first writes to it (an empty file is a new
// database to SQLite), whatever the umask; one from before, readable by others, is made so with a
// warning. SQLite gives its -wal and -shm files the database's mode; old ones are made so too.
std::expected<void, std::string> owner_only(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return std::unexpected(base::errno_message(path.string(), errno));
    struct stat st {};
    const bool loose = ::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0;
    const int changed = loose ? ::fchmod(fd, 0600) : 0;
    const int error = errno;
    ::close(fd);
    if (changed != 0) return std::unexpected(base::errno_message(path.string() + ": chmod", error));
    if (loose) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        base::log::warn("county", path.string(), ": was mode ", mode,
                        ", readable by other users; now 0600 (the owner's alone)");
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        const std::string file = path.string() + suffix;
        if (::chmod(file.c_str(), 0600) != 0) {
            const int err = errno;
            if (err != ENOENT) return std::unexpected(base::errno_message(file + ": chmod", err));
        }
    }
    return {};
}

}  // namespace

std::expected<std::unique_ptr<Store>, std::string> Store::open(const std::filesystem::path& path) {
    if (auto mode = owner_only(path); !mode) return std::unexpected(mode.error());
    auto db = base::Database::open(path.string(), base::Database::Mode::read_write_create);
    if (!db) return std::unexpected(path.string() + ": " + db.error());
    for (const std::string_view sql : {std::string_view("PRAGMA busy_timeout = 5000"),
                                       std::string_view("PRAGMA journal_mode = WAL"),
                                       std::string_view("PRAGMA foreign_keys = ON"), kSchema}) {
        if (auto r = db->exec(sql); !r) return std::unexpected(path.string() + ": " + r.error());
    }
    return std::unique_ptr<Store>(new Store(std::move(*db)));
}

std::expected<std::unique_ptr<Store>, std::string> Store::open_existing(
    const std::filesystem::path& path) {
    if (!std::filesystem::exists(path))
        return std::unexpected(path.string() + ": no such database");
    return open(path);
}

std::expected<Store::StoreResult, std::string> Store::store_request(
    const net::api::RequestSubmission& request, std::string_view body_hash) {
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    if (auto r = tx.begin(); !r) return std::unexpected(r.error());
    auto seen = db_.prepare(
        "SELECT case_no, body_hash, received_at FROM requests WHERE idempotency_key = ?");
    if (!seen) return std::unexpected(seen.error());
    seen->bind(1, request.idempotency_key);
    auto row = seen->step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
        // The first answer again: the same case number, "received" and the first time.
        const net::api::RequestAnswer first{seen->text(0), "received", seen->text(2)};
        return StoreResult{seen->text(1) == body_hash ? Delivery::repeated : Delivery::conflict,
                           first};
    }

    const std::string received_at = base::now_rfc3339();
    auto insert = db_.prepare(
        "INSERT INTO requests (idempotency_key, body_hash, kiosk_id, local_no, item, service, "
        "id_number, phone, missing_materials, submitted_at, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return std::unexpected(insert.error());
    insert->bind(1, request.idempotency_key)
        .bind(2, body_hash)
        .bind(3, request.kiosk_id)
        .bind(4, request.local_no)
        .bind(5, request.item)
        .bind(6, request.service)
        .bind(7, request.id_number)
        .bind(8, request.phone)
        .bind(9, net::api::materials_to_text(request.missing_materials))
        .bind(10, request.submitted_at)
        .bind(11, received_at);
    if (auto r = insert->run(); !r) return std::unexpected(r.error());
    // The case number follows the row id, so it is dense and never reused.
    auto number = db_.prepare(
        "UPDATE requests SET case_no = printf('C-%06d', id) WHERE id = last_insert_rowid() "
        "RETURNING case_no");
    if (!number) return std::unexpected(number.error());
    auto numbered = number->step();
    if (!numbered) return std::unexpected(numbered.error());
    if (!*numbered) return std::unexpected("no case number");
    const std::string case_no = number->text(0);
    number->reset();
    if (auto r = tx.commit(); !r) return std::unexpected(r.error());
    return StoreResult{Delivery::created, {case_no, "received", received_at}};
}

std::expected<net::api::RepliesPage, std::string> Store::replies(std::string_view kiosk_id,
                                                                 std::int64_t since,
                                                                 std::int64_t limit) {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT r.cursor, r.case_no, q.idempotency_key, r.state, r.text, r.replied_at "
        "FROM replies r JOIN requests q ON q.case_no = r.case_no "
        "WHERE q.kiosk_id = ? AND r.cursor > ? ORDER BY r.cursor LIMIT ?");
    if (!query) return std::unexpected(query.error());
    query->bind(1, kiosk_id).bind(2, since).bind(3, limit);
    net::api::RepliesPage page;
    page.next = since;
    auto read = each_row(*query, [&](const base::Statement& row) {
        page.next = row.integer(0);
        page.replies.push_back({.cursor = page.next,
                                .case_no = row.text(1),
                                .idempotency_key = row.text(2),
                                .state = row.text(3),
                                .text = row.text(4),
                                .replied_at = row.text(5)});
    });
    if (!read) return std::unexpected(read.error());
    return page;
}

std::expected<Store::EvaluationResult, std::string> Store::store_evaluation(
    std::string_view kiosk_id, const std::string& case_no, const net::api::Evaluation& evaluation) {
    using Kind = EvaluationResult::Kind;
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    if (auto r = tx.begin(); !r) return std::unexpected(r.error());
    // Another kiosk's case is answered as unknown: a kiosk learns nothing of the others.
    auto owner = kiosk_of_case(case_no);
    if (!owner) return std::unexpected(owner.error());
    if (*owner != kiosk_id) return EvaluationResult{Kind::unknown_case, {}};
    // A retry of the evaluation already stored is answered as the first time (exactly once).
    auto earlier = db_.prepare("SELECT idempotency_key, rating FROM evaluations WHERE case_no = ?");
    if (!earlier) return std::unexpected(earlier.error());
    earlier->bind(1, case_no);
    auto evaluated = earlier->step();
    if (!evaluated) return std::unexpected(evaluated.error());
    if (*evaluated) {
        const bool same =
            earlier->text(0) == evaluation.idempotency_key && earlier->text(1) == evaluation.rating;
        return EvaluationResult{same ? Kind::repeated : Kind::already_evaluated, "done"};
    }
    auto latest =
        db_.prepare("SELECT state FROM replies WHERE case_no = ? ORDER BY cursor DESC LIMIT 1");
    if (!latest) return std::unexpected(latest.error());
    latest->bind(1, case_no);
    auto replied = latest->step();
    if (!replied) return std::unexpected(replied.error());
    const std::string state = *replied ? latest->text(0) : "received";
    if (state != "done") return EvaluationResult{Kind::not_done, state};
    auto insert = db_.prepare(
        "INSERT INTO evaluations (case_no, idempotency_key, rating, evaluated_at) "
        "VALUES (?, ?, ?, ?)");
    if (!insert) return std::unexpected(insert.error());
    insert->bind(1, case_no)
        .bind(2, evaluation.idempotency_key)
        .bind(3, evaluation.rating)
        .bind(4, base::now_rfc3339());
    if (auto r = insert->run(); !r) return std::unexpected(r.error());
    if (auto r = tx.commit(); !r) return std::unexpected(r.error());
    return EvaluationResult{Kind::stored, state};
}

std::expected<std::optional<std::string>, std::string> Store::kiosk_of_case(
    const std::string& case_no) {
    auto owner = db_.prepare("SELECT kiosk_id FROM requests WHERE case_no = ?");
    if (!owner) return std::unexpected(owner.error());
    owner->bind(1, case_no);
    auto found = owner->step();
    if (!found) return std::unexpected(found.error());
    if (!*found) return std::nullopt;
    return owner->text(0);
}

std::expected<std::vector<BenefitRecord>, std::string> Store::benefits_of(
    std::string_view id_number) {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT item, amount_fen, start_date, pay_day, status, stop_date, stop_reason, review "
        "FROM benefits WHERE id_number = ? ORDER BY id");
    if (!query) return std::unexpected(query.error());
    query->bind(1, id_number);
    std::vector<BenefitRecord> out;
    auto read =
        each_row(*query, [&](const base::Statement& row) -> std::expected<void, std::string> {
            BenefitRecord b;
            b.id_number = std::string(id_number);
            b.item = row.text(0);
            b.amount_fen = row.integer(1);
            const auto start = base::parse_date(row.text(2));
            if (!start) return std::unexpected("benefits: bad start_date in the database");
            b.start = *start;
            b.pay_day = static_cast<int>(row.integer(3));
            b.status = row.text(4);
            b.stop = base::parse_date(row.text(5));
            b.stop_reason = row.text(6);
            b.review = row.text(7);
            out.push_back(std::move(b));
            return {};
        });
    if (!read) return std::unexpected(read.error());
    return out;
}

std::expected<void, std::string> Store::replace_benefits(
    const std::vector<BenefitRecord>& records) {
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    if (auto r = tx.begin(); !r) return std::unexpected(r.error());
    auto remove = db_.prepare("DELETE FROM benefits WHERE id_number = ?");
    if (!remove) return std::unexpected(remove.error());
    std::vector<std::string_view> removed;
    for (const auto& record : records) {
        if (std::find(removed.begin(), removed.end(), record.id_number) != removed.end()) continue;
        removed.push_back(record.id_number);
        remove->bind(1, record.id_number);
        if (auto r = remove->run(); !r) return std::unexpected(r.error());
    }
    auto insert = db_.prepare(
        "INSERT INTO benefits (id_number, item, amount_fen, start_date, pay_day, status, "
        "stop_date, stop_reason, review, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return std::unexpected(insert.error());
    const std::string imported_at = base::now_rfc3339();
    for (const auto& b : records) {
        insert->bind(1, b.id_number)
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
    return tx.commit();
}

std::expected<void, std::string> Store::store_heartbeat(const net::api::Heartbeat& h) {
    std::lock_guard lock(mutex_);
    // The latest to arrive wins, whatever its sent_at: a kiosk's clock may be wrong. An unknown
    // paper level is NULL (bound as -1).
    auto upsert = db_.prepare(
        "INSERT INTO kiosks (kiosk_id, software_version, content_version, content_expires, "
        "content_expired, printer_state, paper_left_percent, outbox_depth, last_sync, "
        "last_error, sent_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULLIF(?7, -1), ?8, "
        "?9, ?10, ?11, ?12) ON CONFLICT(kiosk_id) DO UPDATE SET "
        "software_version = excluded.software_version, "
        "content_version = excluded.content_version, "
        "content_expires = excluded.content_expires, "
        "content_expired = excluded.content_expired, printer_state = excluded.printer_state, "
        "paper_left_percent = excluded.paper_left_percent, "
        "outbox_depth = excluded.outbox_depth, last_sync = excluded.last_sync, "
        "last_error = excluded.last_error, sent_at = excluded.sent_at, "
        "received_at = excluded.received_at");
    if (!upsert) return std::unexpected(upsert.error());
    upsert->bind(1, h.kiosk_id)
        .bind(2, h.software_version)
        .bind(3, std::int64_t{h.content_version})
        .bind(4, h.content_expires)
        .bind(5, std::int64_t{h.content_expired ? 1 : 0})
        .bind(6, h.printer_state)
        .bind(7, std::int64_t{h.paper_left_percent.value_or(-1)})
        .bind(8, std::int64_t{h.outbox_depth})
        .bind(9, h.last_sync)
        .bind(10, h.last_error)
        .bind(11, h.sent_at)
        .bind(12, base::now_rfc3339());
    return upsert->run();
}

std::expected<std::vector<KioskStatus>, std::string> Store::kiosks() {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT kiosk_id, software_version, content_version, content_expires, content_expired, "
        "printer_state, paper_left_percent, outbox_depth, last_sync, last_error, sent_at, "
        "received_at FROM kiosks ORDER BY kiosk_id");
    if (!query) return std::unexpected(query.error());
    std::vector<KioskStatus> out;
    auto read = each_row(*query, [&](const base::Statement& row) {
        KioskStatus k;
        k.kiosk_id = row.text(0);
        k.software_version = row.text(1);
        k.content_version = row.integer(2);
        k.content_expires = row.text(3);
        k.content_expired = row.integer(4) != 0;
        k.printer_state = row.text(5);
        if (!row.is_null(6)) k.paper_left_percent = static_cast<int>(row.integer(6));
        k.outbox_depth = row.integer(7);
        k.last_sync = row.text(8);
        k.last_error = row.text(9);
        k.sent_at = row.text(10);
        k.received_at = row.text(11);
        out.push_back(std::move(k));
    });
    if (!read) return std::unexpected(read.error());
    return out;
}

std::expected<std::vector<ReceivedRequest>, std::string> Store::requests() {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT q.case_no, q.idempotency_key, q.kiosk_id, q.local_no, q.item, q.service, "
        "q.id_number, q.phone, q.received_at, q.missing_materials, q.submitted_at, "
        "COALESCE((SELECT r.state FROM replies r WHERE r.case_no = q.case_no "
        "ORDER BY r.cursor DESC LIMIT 1), 'received'), COALESCE(e.rating, '') "
        "FROM requests q LEFT JOIN evaluations e ON e.case_no = q.case_no ORDER BY q.id");
    if (!query) return std::unexpected(query.error());
    std::vector<ReceivedRequest> out;
    auto read = each_row(*query, [&](const base::Statement& row) {
        const net::api::RequestSubmission sent{
            .idempotency_key = row.text(1),
            .kiosk_id = row.text(2),
            .local_no = row.text(3),
            .item = row.text(4),
            .service = row.text(5),
            .id_number = row.text(6),
            .phone = row.text(7),
            .missing_materials = net::api::materials_from_text(row.text(9)),
            .submitted_at = row.text(10)};
        // The case number, when received, the latest state, the rating.
        out.push_back({sent, row.text(0), row.text(8), row.text(11), row.text(12)});
    });
    if (!read) return std::unexpected(read.error());
    return out;
}

std::expected<void, std::string> Store::add_reply(const std::string& case_no,
                                                  const std::string& state,
                                                  const std::string& text) {
    if (auto ok = check_reply(state, text); !ok) return ok;
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    if (auto r = tx.begin(); !r) return std::unexpected(r.error());
    auto owner = kiosk_of_case(case_no);
    if (!owner) return std::unexpected(owner.error());
    if (!*owner) return std::unexpected("no case " + case_no);
    auto insert =
        db_.prepare("INSERT INTO replies (case_no, state, text, replied_at) VALUES (?, ?, ?, ?)");
    if (!insert) return std::unexpected(insert.error());
    insert->bind(1, case_no).bind(2, state).bind(3, text).bind(4, base::now_rfc3339());
    if (auto r = insert->run(); !r) return std::unexpected(r.error());
    return tx.commit();
}

std::expected<std::vector<ReceivedRequest>, std::string> list_requests(
    const std::filesystem::path& db) {
    auto store = Store::open_existing(db);
    if (!store) return std::unexpected(store.error());
    return (*store)->requests();
}

std::expected<std::vector<KioskStatus>, std::string> list_kiosks(const std::filesystem::path& db) {
    auto store = Store::open_existing(db);
    if (!store) return std::unexpected(store.error());
    return (*store)->kiosks();
}

std::expected<void, std::string> post_reply(const std::filesystem::path& db,
                                            const std::string& case_no, const std::string& state,
                                            const std::string& text) {
    // A typo in the state or the text is named before a missing file.
    if (auto ok = check_reply(state, text); !ok) return ok;
    auto store = Store::open_existing(db);
    if (!store) return std::unexpected(store.error());
    return (*store)->add_reply(case_no, state, text);
}

}  // namespace county
