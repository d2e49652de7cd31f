// The kiosk's own state in one SQLite database (WAL) in the data folder: settings and counters
// now; the outbox and the ledger join it later.
#pragma once

#include <expected>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/sqlite.hpp"

namespace kiosk::core {

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
