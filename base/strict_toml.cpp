// Strict reading of TOML files.
#include "base/strict_toml.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace base {
namespace {

int node_line(const toml::node* node) {
    return node ? static_cast<int>(node->source().begin.line) : 0;
}

std::string describe_value(const toml::node& node) {
    std::ostringstream out;
    if (node.is_string()) {
        out << '"' << node.value_or<std::string>("") << '"';
    } else if (node.is_table()) {
        out << "a table";
    } else if (node.is_array()) {
        out << "a list";
    } else {
        node.visit([&](const auto& v) { out << v; });
    }
    return out.str();
}

// Collects the dotted paths of all leaf values, in file order, for the unknown-key check.
void collect_leaves(const toml::table& table, const std::string& prefix,
                    std::vector<std::pair<std::string, const toml::node*>>& out) {
    for (const auto& [k, v] : table) {
        std::string path =
            prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (const auto* sub = v.as_table()) {
            if (sub->empty()) out.emplace_back(path, &v);
            collect_leaves(*sub, path, out);
        } else if (const auto* arr = v.as_array();
                   arr && !arr->empty() && arr->is_array_of_tables()) {
            for (std::size_t i = 0; i < arr->size(); ++i) {
                collect_leaves(*arr->get(i)->as_table(), path + "[" + std::to_string(i) + "]", out);
            }
        } else {
            out.emplace_back(path, &v);
        }
    }
}

}  // namespace

std::string TomlError::describe() const {
    std::ostringstream out;
    out << file;
    if (line > 0) out << ':' << line;
    out << ": ";
    if (!key.empty()) out << key << ": ";
    out << message;
    return out.str();
}

StrictToml::StrictToml(toml::table table, std::string file)
    : table_(std::move(table)), file_(std::move(file)) {}

std::expected<StrictToml, TomlError> StrictToml::parse(std::string_view text, std::string file) {
    try {
        return StrictToml(toml::parse(text, file), file);
    } catch (const toml::parse_error& e) {
        return std::unexpected(TomlError{file, static_cast<int>(e.source().begin.line), "",
                                         "not valid TOML: " + std::string(e.description())});
    }
}

std::expected<StrictToml, TomlError> StrictToml::load(const std::filesystem::path& path) {
    // A folder opens like a file and reads as nothing, which would pass for an empty file.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return std::unexpected(TomlError{path.string(), 0, "", "is a folder, not a file"});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(TomlError{path.string(), 0, "", "cannot be read"});
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse(buffer.str(), path.string());
}

const toml::node* StrictToml::find(std::string_view key) {
    known_.emplace(key);
    return table_.at_path(key).node();
}

bool StrictToml::has(std::string_view key) const {
    return table_.at_path(key).node() != nullptr;
}

void StrictToml::fail(std::string_view key, const toml::node* node, std::string message) {
    if (first_error_) return;
    if (node) message += ", got " + describe_value(*node);
    first_error_ = TomlError{file_, node_line(node), std::string(key), std::move(message)};
}

void StrictToml::read(std::string_view key, std::string& out) {
    const auto* node = find(key);
    if (!node) return;
    if (const auto v = node->value<std::string>(); v && node->is_string()) {
        out = *v;
    } else {
        fail(key, node, "expected text in quotes");
    }
}

void StrictToml::read(std::string_view key, bool& out) {
    const auto* node = find(key);
    if (!node) return;
    if (node->is_boolean()) {
        out = node->value_or(false);
    } else {
        fail(key, node, "expected true or false");
    }
}

void StrictToml::read(std::string_view key, int& out, int min, int max) {
    const auto* node = find(key);
    if (!node) return;
    const auto v = node->is_integer() ? node->value<int64_t>() : std::nullopt;
    if (!v || *v < min || *v > max) {
        fail(key, node,
             "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return;
    }
    out = static_cast<int>(*v);
}

void StrictToml::read(std::string_view key, double& out, double min, double max) {
    const auto* node = find(key);
    if (!node) return;
    const auto v =
        (node->is_integer() || node->is_floating_point()) ? node->value<double>() : std::nullopt;
    if (!v || *v < min || *v > max) {
        std::ostringstream expected;
        expected << "expected a number from " << min << " to " << max;
        fail(key, node, expected.str());
        return;
    }
    out = *v;
}

void StrictToml::read(std::string_view key, float& out, float min, float max) {
    double v = out;
    read(key, v, min, max);
    out = static_cast<float>(v);
}

void StrictToml::read_choice(std::string_view key, std::string& out,
                             std::initializer_list<std::string_view> choices) {
    read_checked(key, out, [&](std::string_view value) -> std::optional<std::string> {
        std::string expected = "expected one of";
        for (const auto c : choices) {
            if (c == value) return std::nullopt;
            expected += std::string(" \"") + std::string(c) + "\"";
        }
        return expected;
    });
}

void StrictToml::read_checked(
    std::string_view key, std::string& out,
    const std::function<std::optional<std::string>(std::string_view)>& check) {
    const auto* node = find(key);
    if (!node) return;
    if (!node->is_string()) {
        fail(key, node, "expected text in quotes");
        return;
    }
    const auto value = node->value_or<std::string>("");
    if (auto problem = check(value)) {
        fail(key, node, std::move(*problem));
        return;
    }
    out = value;
}

std::optional<Date> StrictToml::to_date(const toml::node& node) const {
    if (const auto* d = node.as_date()) {
        const auto& v = d->get();
        if (!is_valid_date(v.year, v.month, v.day)) return std::nullopt;
        return Date{v.year, v.month, v.day};
    }
    if (node.is_string()) return parse_date(node.value_or<std::string>(""));
    return std::nullopt;
}

void StrictToml::read(std::string_view key, Date& out) {
    const auto* node = find(key);
    if (!node) return;
    if (const auto d = to_date(*node)) {
        out = *d;
    } else {
        fail(key, node, "expected a date as YYYY-MM-DD");
    }
}

void StrictToml::read(std::string_view key, std::vector<std::string>& out) {
    const auto* node = find(key);
    if (!node) return;
    const auto* arr = node->as_array();
    if (!arr) return fail(key, node, "expected a list of texts in quotes");
    std::vector<std::string> values;
    for (const auto& el : *arr) {
        if (!el.is_string()) return fail(key, &el, "expected a list of texts in quotes");
        values.push_back(el.value_or<std::string>(""));
    }
    out = std::move(values);
}

void StrictToml::read(std::string_view key, std::vector<Date>& out) {
    const auto* node = find(key);
    if (!node) return;
    const auto* arr = node->as_array();
    if (!arr) return fail(key, node, "expected a list of dates as YYYY-MM-DD");
    std::vector<Date> values;
    for (const auto& el : *arr) {
        const auto d = to_date(el);
        if (!d) return fail(key, &el, "expected a list of dates as YYYY-MM-DD");
        values.push_back(*d);
    }
    out = std::move(values);
}

std::vector<std::string> StrictToml::keys_of(std::string_view table_key) const {
    std::vector<std::pair<int, std::string>> keys;
    if (const auto* t = table_.at_path(table_key).as_table()) {
        for (const auto& [k, v] : *t) keys.emplace_back(node_line(&v), std::string(k.str()));
    }
    std::sort(keys.begin(), keys.end());
    std::vector<std::string> out;
    for (auto& [line, k] : keys) out.push_back(std::move(k));
    return out;
}

std::size_t StrictToml::count(std::string_view key) {
    const auto* node = table_.at_path(key).node();
    if (!node) return 0;
    const auto* arr = node->as_array();
    if (!arr || !arr->is_array_of_tables()) {
        known_.emplace(key);
        fail(key, node, "expected one or more [[" + std::string(key) + "]] tables");
        return 0;
    }
    return arr->size();
}

void StrictToml::reject(std::string_view key, std::string message, int line) {
    if (first_error_) return;
    const auto* node = table_.at_path(key).node();
    first_error_ =
        TomlError{file_, node ? node_line(node) : line, std::string(key), std::move(message)};
}

int StrictToml::line_of(std::string_view key) const {
    return node_line(table_.at_path(key).node());
}

std::optional<TomlError> StrictToml::finish() const {
    if (first_error_) return first_error_;
    std::vector<std::pair<std::string, const toml::node*>> leaves;
    collect_leaves(table_, "", leaves);
    for (const auto& [path, node] : leaves) {
        if (known_.contains(path)) continue;
        std::string known_list;
        for (const auto& k : known_) known_list += (known_list.empty() ? "" : ", ") + k;
        return TomlError{file_, node_line(node), path,
                         "unknown key (known keys: " + known_list + ")"};
    }
    return std::nullopt;
}

}  // namespace base
