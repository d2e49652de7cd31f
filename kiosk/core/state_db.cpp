// The kiosk's state database.
#include "kiosk/core/state_db.hpp"

#include <charconv>
#include <chrono>

namespace kiosk::core {

std::expected<std::unique_ptr<StateDb>, std::string> StateDb::open(
    const std::filesystem::path& data_dir) {
    const auto path = data_dir / "state.db";
    auto db = base::Database::open(path.string(), base::Database::Mode::read_write_create);
    if (!db) return std::unexpected(path.string() + ": " + db.error());
    for (const char* sql :
         // busy_timeout: the outbox and kioskctl write the same file through connections of
         // their own; a PIN try or an audit entry waits its turn instead of failing.
         {"PRAGMA busy_timeout=5000", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
          "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
          "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER "
          "NOT NULL, source TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL, detail "
          "TEXT NOT NULL)"}) {
        if (auto ok = db->exec(sql); !ok) return std::unexpected(path.string() + ": " + ok.error());
    }
    return std::unique_ptr<StateDb>(new StateDb(std::move(*db)));
}

std::optional<std::string> StateDb::get(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare("SELECT value FROM settings WHERE key = ?");
    if (!st) return std::nullopt;
    st->bind(1, key);
    auto row = st->step();
    if (!row || !*row) return std::nullopt;
    return st->text(0);
}

std::expected<std::optional<std::string>, std::string> StateDb::read(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare("SELECT value FROM settings WHERE key = ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, key);
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<std::string>();
    return std::optional(st->text(0));
}

std::expected<void, std::string> StateDb::set_all(
    const std::vector<std::pair<std::string, std::string>>& values) {
    std::lock_guard lock(mutex_);
    if (auto ok = db_.exec("BEGIN IMMEDIATE"); !ok) return ok;
    auto st = db_.prepare(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st) {
        (void)db_.exec("ROLLBACK");
        return std::unexpected(st.error());
    }
    for (const auto& [key, value] : values) {
        if (auto ok = st->bind(1, key).bind(2, value).run(); !ok) {
            (void)db_.exec("ROLLBACK");
            return ok;
        }
    }
    return db_.exec("COMMIT");
}

std::expected<void, std::string> StateDb::set(const std::string& key, const std::string& value) {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st) return std::unexpected(st.error());
    return st->bind(1, key).bind(2, value).run();
}

std::expected<void, std::string> StateDb::add_audit(const AuditEntry& entry) {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare(
        "INSERT INTO audit(at_ms, source, action, outcome, detail) VALUES (?, ?, ?, ?, ?)");
    if (!st) return std::unexpected(st.error());
    const std::int64_t at_ms = entry.at_ms != 0
                                   ? entry.at_ms
                                   : std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
    st->bind(1, at_ms)
        .bind(2, entry.source)
        .bind(3, entry.action)
        .bind(4, entry.outcome)
        .bind(5, entry.detail);
    if (auto ok = st->run(); !ok) return ok;
    auto trim = db_.prepare("DELETE FROM audit WHERE id <= (SELECT MAX(id) FROM audit) - ?");
    if (!trim) return std::unexpected(trim.error());
    return trim->bind(1, std::int64_t{kAuditKept}).run();
}

std::expected<std::vector<AuditEntry>, std::string> StateDb::audit(int limit) {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare(
        "SELECT at_ms, source, action, outcome, detail FROM audit ORDER BY id DESC LIMIT ?");
    if (!st) return std::unexpected(st.error());
    st->bind(1, std::int64_t{limit});
    std::vector<AuditEntry> out;
    while (true) {
        auto row = st->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        out.push_back({st->integer(0), st->text(1), st->text(2), st->text(3), st->text(4)});
    }
    return out;
}

double StateDb::paper_used_mm() {
    const auto v = get("paper_used_mm");
    if (!v) return 0;
    double mm = 0;
    std::from_chars(v->data(), v->data() + v->size(), mm);
    return mm;
}

std::expected<void, std::string> StateDb::add_paper_used(double mm) {
    return set("paper_used_mm", std::to_string(paper_used_mm() + mm));
}

std::expected<void, std::string> StateDb::paper_refilled() {
    return set("paper_used_mm", "0");
}

}  // namespace kiosk::core
