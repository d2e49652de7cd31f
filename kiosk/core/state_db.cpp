// The kiosk's state database.
#include "kiosk/core/state_db.hpp"

#include <charconv>

namespace kiosk::core {

std::expected<std::unique_ptr<StateDb>, std::string> StateDb::open(
    const std::filesystem::path& data_dir) {
    const auto path = data_dir / "state.db";
    auto db = base::Database::open(path.string(), base::Database::Mode::read_write_create);
    if (!db) return std::unexpected(path.string() + ": " + db.error());
    for (const char* sql :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
          "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"}) {
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
