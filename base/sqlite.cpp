// A thin RAII layer over SQLite's C API.
#include "base/sqlite.hpp"

#include <sqlite3.h>

#include <sys/statvfs.h>

#include <cerrno>
#include <filesystem>

namespace base {
namespace {

// Less room than a few transactions need on the file system that holds the database.
bool nearly_full(sqlite3* db) {
    const char* file = sqlite3_db_filename(db, "main");
    if (!file || !*file) return false;
    struct statvfs fs {};
    if (::statvfs(std::filesystem::path(file).parent_path().c_str(), &fs) != 0) return false;
    return static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize < 8ull * 1024 * 1024;
}

// SQLite's own words ("disk I/O error") tell staff nothing they can act on; what went wrong
// underneath, in plain words, comes first, SQLite's text after it for whoever digs further.
std::string explained(sqlite3* db, std::string raw) {
    if (!db) return raw;
    const int code = sqlite3_extended_errcode(db) & 0xff;
    const int sys = sqlite3_system_errno(db);
    const bool io = code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN ||
                    code == SQLITE_READONLY;
    if (code == SQLITE_FULL || (io && (sys == ENOSPC || sys == EDQUOT || sys == EFBIG))) {
        return "the disk is full (" + raw + ")";
    }
    if (code == SQLITE_READONLY || (io && (sys == EROFS || sys == EACCES || sys == EPERM))) {
        return "the data folder cannot be written (" + raw + ")";
    }
    if (code == SQLITE_IOERR) {
        // SQLite keeps no errno for a failed write to its WAL or shared memory, so whether the
        // disk is full is asked of the file system itself.
        const int ext = sqlite3_extended_errcode(db);
        const bool writing = ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC ||
                             ext == SQLITE_IOERR_TRUNCATE || ext == SQLITE_IOERR_SHMSIZE ||
                             ext == SQLITE_IOERR_SHMOPEN || ext == SQLITE_IOERR_SHMMAP;
        if (writing && nearly_full(db)) return "the disk is full (" + raw + ")";
        if (writing) return "the disk could not be written: full or failing (" + raw + ")";
        return "the disk could not be read or written (" + raw + ")";
    }
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
        return "the database file is damaged (" + raw + ")";
    }
    return raw;
}

}  // namespace

std::expected<Database, std::string> Database::open(const std::string& path, Mode mode) {
    sqlite3* db = nullptr;
    const int flags =
        mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? explained(db, sqlite3_errmsg(db)) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return std::unexpected(message);
    }
    sqlite3_extended_result_codes(db, 1);
    return Database(db);
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = other.db_;
        other.db_ = nullptr;
    }
    return *this;
}

Database::~Database() {
    sqlite3_close(db_);
}

std::string Database::last_error() const {
    return db_ ? explained(db_, sqlite3_errmsg(db_)) : "no database";
}

std::expected<void, std::string> Database::exec(std::string_view sql) {
    const std::string s(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string message = err ? explained(db_, err) : last_error();
        sqlite3_free(err);
        return std::unexpected(message);
    }
    return {};
}

std::expected<Statement, std::string> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
        return std::unexpected(last_error());
    }
    return Statement(stmt);
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind_blob(int index, std::span<const unsigned char> bytes) {
    // A non-null pointer even for no bytes, so SQLite stores a zero-length BLOB rather than NULL.
    static const unsigned char nothing = 0;
    sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &nothing : bytes.data(), bytes.size(),
                        SQLITE_TRANSIENT);
    return *this;
}

std::expected<bool, std::string> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(stmt_);
    return std::unexpected(explained(db, sqlite3_errmsg(db)));
}

std::expected<void, std::string> Statement::run() {
    while (true) {
        auto r = step();
        if (!r) {
            reset();
            return std::unexpected(r.error());
        }
        if (!*r) break;
    }
    reset();
    return {};
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::vector<unsigned char> Statement::blob(int column) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::vector<unsigned char>(p, p + n) : std::vector<unsigned char>();
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

}  // namespace base
