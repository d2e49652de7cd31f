// Strict reading of TOML files: every key must be known, every value of the expected kind and
// range; the first problem comes back naming the file, the line, the key and what was expected.
#pragma once

#include <expected>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "base/date.hpp"

namespace base {

struct TomlError {
    std::string file;
    int line = 0;  // 0 when not known
    std::string key;
    std::string message;

    // "kiosk.toml:12: display.width: expected a whole number from 200 to 8000, got -5"
    std::string describe() const;
};

class StrictToml {
  public:
    static std::expected<StrictToml, TomlError> parse(std::string_view text, std::string file);
    static std::expected<StrictToml, TomlError> load(const std::filesystem::path& path);

    // Readers leave `out` unchanged when the key is absent. `key` is dotted: "display.width".
    void read(std::string_view key, std::string& out);
    void read(std::string_view key, bool& out);
    void read(std::string_view key, int& out, int min, int max);
    void read(std::string_view key, double& out, double min, double max);
    void read(std::string_view key, float& out, float min, float max);
    void read_choice(std::string_view key, std::string& out,
                     std::initializer_list<std::string_view> choices);
    // A string value checked by `check`, which returns what was expected when the value is bad.
    void read_checked(std::string_view key, std::string& out,
                      const std::function<std::optional<std::string>(std::string_view)>& check);

    // A date, written as a TOML date (2025-10-01) or as text ("2025-10-01").
    void read(std::string_view key, Date& out);
    // Lists of text or of dates.
    void read(std::string_view key, std::vector<std::string>& out);
    void read(std::string_view key, std::vector<Date>& out);
    // The keys of a table whose keys are the caller's data (a [values] table), in file order.
    std::vector<std::string> keys_of(std::string_view table_key) const;
    // How many tables an array of tables ([[name]]) holds; 0 when absent.
    std::size_t count(std::string_view key);

    // Reports a problem found by the caller (a duplicate, a missing part) at `key`'s line, or at
    // `line` when the key is absent.
    void reject(std::string_view key, std::string message, int line = 0);
    int line_of(std::string_view key) const;

    bool has(std::string_view key) const;
    const std::string& file() const { return file_; }

    // The first problem met by the readers, else the first key that no reader asked for.
    std::optional<TomlError> finish() const;

  private:
    StrictToml(toml::table table, std::string file);
    const toml::node* find(std::string_view key);
    void fail(std::string_view key, const toml::node* node, std::string message);
    std::optional<Date> to_date(const toml::node& node) const;

    toml::table table_;
    std::string file_;
    std::set<std::string, std::less<>> known_;
    std::optional<TomlError> first_error_;
};

}  // namespace base
