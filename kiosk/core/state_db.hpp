// The kiosk's own state in one SQLite database (WAL) in the data folder: settings, counters and
// the staff audit log.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/sqlite.hpp"

namespace kiosk::core {

// One staff action in the audit log: when, from where, what and how it ended. Never a PIN, an ID
// number or a phone: `detail` holds only what staff would read back ("queue 办公室", "v3").
struct AuditEntry {
    std::int64_t at_ms = 0;  // Unix milliseconds; 0 when added: now
    std::string source;      // "screen" or "kioskctl"
    std::string action;      // "staff.open", "printer.refilled", "content.load", ...
    std::string outcome;     // "ok", "wrong-pin", "locked", "failed", ...
    std::string detail;
};

// Entries kept: years of a station's actions at a few a day, and a bound on a runaway loop.
inline constexpr int kAuditKept = 50'000;

class StateDb {
  public:
    static std::expected<std::unique_ptr<StateDb>, std::string> open(
        const std::filesystem::path& data_dir);

    std::optional<std::string> get(const std::string& key);
    // The same, telling a value that is not there from one that cannot be read.
    std::expected<std::optional<std::string>, std::string> read(const std::string& key);
    // Several values in one transaction: all are stored or none.
    std::expected<void, std::string> set_all(
        const std::vector<std::pair<std::string, std::string>>& values);
    std::expected<void, std::string> set(const std::string& key, const std::string& value);

    // Appends to the audit log (the oldest beyond kAuditKept go).
    std::expected<void, std::string> add_audit(const AuditEntry& entry);
    // The newest `limit` entries, newest first.
    std::expected<std::vector<AuditEntry>, std::string> audit(int limit);

    // Paper printed since the roll was last changed, in millimetres.
    double paper_used_mm();
    std::expected<void, std::string> add_paper_used(double mm);
    std::expected<void, std::string> paper_refilled();

  private:
    explicit StateDb(base::Database db) : db_(std::move(db)) {}
    std::mutex mutex_;  // the printer thread and the UI thread both write
    base::Database db_;
};

}  // namespace kiosk::core
