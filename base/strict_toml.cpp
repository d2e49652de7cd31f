// Strict reading of TOML files.
#include "base/strict_toml.hpp"

#include <fstream>
#include <sstream>

namespace base {
namespace {

int line_of(const toml::node* node) {
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
    first_error_ = TomlError{file_, line_of(node), std::string(key), std::move(message)};
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

std::optional<TomlError> StrictToml::finish() const {
    if (first_error_) return first_error_;
    std::vector<std::pair<std::string, const toml::node*>> leaves;
    collect_leaves(table_, "", leaves);
    for (const auto& [path, node] : leaves) {
        if (known_.contains(path)) continue;
        std::string known_list;
        for (const auto& k : known_) known_list += (known_list.empty() ? "" : ", ") + k;
        return TomlError{file_, line_of(node), path,
                         "unknown key (known keys: " + known_list + ")"};
    }
    return std::nullopt;
}

}  // namespace base
