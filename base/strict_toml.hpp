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

#include <toml++/toml.h>

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

    bool has(std::string_view key) const;
    const std::string& file() const { return file_; }

    // The first problem met by the readers, else the first key that no reader asked for.
    std::optional<TomlError> finish() const;

  private:
    StrictToml(toml::table table, std::string file);
    const toml::node* find(std::string_view key);
    void fail(std::string_view key, const toml::node* node, std::string message);

    toml::table table_;
    std::string file_;
    std::set<std::string, std::less<>> known_;
    std::optional<TomlError> first_error_;
};

}  // namespace base
