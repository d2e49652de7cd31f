// A thin RAII layer over SQLite's C API: open, run, prepare, bind, step, read columns. Failures
// come back as messages, led by plain words where the cause is known ("the disk is full (disk I/O
// error)", "the database file is damaged (…)"); nothing throws.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace base {

class Statement;

class Database {
  public:
    enum class Mode { read_only, read_write_create };

    static std::expected<Database, std::string> open(const std::string& path, Mode mode);
    Database(Database&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    ~Database();

    std::expected<void, std::string> exec(std::string_view sql);
    std::expected<Statement, std::string> prepare(std::string_view sql);
    std::string last_error() const;
    sqlite3* handle() const { return db_; }

  private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

class Statement {
  public:
    Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
    Statement(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    // Bytes as a BLOB (ciphertexts); an empty span binds a zero-length BLOB, not NULL.
    Statement& bind_blob(int index, std::span<const unsigned char> bytes);
    // true: a row is ready; false: done. Errors as messages.
    std::expected<bool, std::string> step();
    std::expected<void, std::string> run();  // step to completion, then reset for reuse
    void reset();

    std::string text(int column) const;
    std::int64_t integer(int column) const;
    std::vector<unsigned char> blob(int column) const;  // empty for NULL
    bool is_null(int column) const;

  private:
    friend class Database;
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace base
