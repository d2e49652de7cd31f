// Writes the staff's settings into kiosk.toml by editing its text where toml++ says each value
// stands, so the county engineer's comments and layout stay; every edit is checked by parsing
// the result again before anything is written.
#include "kiosk/core/config_edit.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <numeric>

#include <toml++/toml.h>

#include "base/durable_file.hpp"
#include "base/posix_error.hpp"
#include "base/toml_value.hpp"
#include "base/utf8.hpp"

namespace kiosk::core {
namespace {

// One settable key: where it stands in the file, which field of SettingsChange holds it, and
// its value in a Config as TOML text.
struct Field {
    std::string_view table;
    std::string_view key;
    std::optional<std::string> SettingsChange::*text = nullptr;
    std::optional<std::int64_t> SettingsChange::*number = nullptr;
    std::string (*value_in)(const Config&) = nullptr;
};

const Field kFields[] = {
    {"station", "name", &SettingsChange::station_name, nullptr,
     [](const Config& c) { return base::toml_value(c.station.name); }},
    {"station", "hotline", &SettingsChange::hotline, nullptr,
     [](const Config& c) { return base::toml_value(c.station.hotline); }},
    {"county", "url", &SettingsChange::county_url, nullptr,
     [](const Config& c) { return base::toml_value(c.county.url); }},
    {"ui", "idle_reset_seconds", nullptr, &SettingsChange::idle_reset_seconds,
     [](const Config& c) { return base::toml_value(std::int64_t{c.ui.idle_reset_seconds}); }},
    {"ui", "theme", &SettingsChange::theme, nullptr,
     [](const Config& c) { return base::toml_value(c.ui.theme); }},
    {"ui", "volume", nullptr, &SettingsChange::volume,
     [](const Config& c) { return base::toml_value(std::int64_t{c.ui.volume}); }},
};

std::string dotted(const Field& f) {
    return std::string(f.table) + "." + std::string(f.key);
}

SettingsError refused(const ConfigError& e) {
    return {SettingsError::Kind::refused, e.detail.key, e.describe()};
}

SettingsError refused(const std::string& file, int line, std::string key, std::string message) {
    base::TomlError e{file, line, key, std::move(message)};
    return {SettingsError::Kind::refused, std::move(key), e.describe()};
}

// Where toml++'s positions (lines from 1, columns from 1 counted in code points) are in bytes.
class TextMap {
  public:
    explicit TextMap(std::string_view text) : text_(text) {
        // toml++ counts line 1's columns after a byte order mark.
        starts_.push_back(text.starts_with("\xEF\xBB\xBF") ? 3 : 0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') starts_.push_back(i + 1);
        }
    }

    std::size_t offset(const toml::source_position& p) const {
        std::size_t i = starts_.at(p.line - 1);
        for (toml::source_index col = 1; col < p.column && i < text_.size() && text_[i] != '\n';
             ++col) {
            ++i;
            while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;
        }
        return i;
    }

    // The offset where the line after `line` begins (the text's end after its last line).
    std::size_t after_line(toml::source_index line) const {
        return line < starts_.size() ? starts_[line] : text_.size();
    }

  private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

// Columns on a terminal: Chinese characters take two. For keeping trailing comments aligned.
std::size_t columns(std::string_view text) {
    std::size_t n = 0;
    for (const char32_t c : base::utf8::decode(text)) {
        const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                          (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                          (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                          (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000;
        n += wide ? 2 : 1;
    }
    return n;
}

// Whether `text` at `at` is the header of table `name`: [ name ] (a bare key, as the config's).
bool is_header_of(std::string_view text, std::size_t at, std::string_view name) {
    auto skip_blank = [&] {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
    };
    if (at >= text.size() || text[at] != '[') return false;
    ++at;
    skip_blank();
    if (text.substr(at, name.size()) != name) return false;
    at += name.size();
    skip_blank();
    return at < text.size() && text[at] == ']';
}

bool is_header_table(const toml::node& node, std::string_view text, const TextMap& map) {
    const auto* table = node.as_table();
    return table && !table->is_inline() && map.offset(node.source().begin) < text.size() &&
           text[map.offset(node.source().begin)] == '[';
}

// The last line a value of `table` stands on in the part of the file where its header or its
// dotted keys are: sub-tables with headers of their own ([ui.x], [[ui.x]]) stand elsewhere.
toml::source_index last_line(const toml::table& table, std::string_view text, const TextMap& map) {
    toml::source_index last = table.source().end.line;
    for (const auto& [key, node] : table) {
        if (is_header_table(node, text, map)) continue;
        if (const auto* list = node.as_array(); list && !list->empty() &&
                                                list->front().is_table() &&
                                                !list->front().as_table()->is_inline()) {
            continue;
        }
        if (const auto* sub = node.as_table(); sub && !sub->is_inline()) {
            last = std::max(last, last_line(*sub, text, map));
        } else {
            last = std::max(last, node.source().end.line);
        }
    }
    return last;
}

struct Edit {
    std::size_t begin, end;  // the bytes replaced; begin == end for an insertion
    std::string text;
};

// The edits setting `field` to `value` where the file already has the key or its table; false
// when the table is missing (it is then added at the end).
std::expected<bool, SettingsError> edit_in_place(const toml::table& doc, std::string_view text,
                                                 const TextMap& map, const std::string& file,
                                                 const Field& field, const std::string& value,
                                                 std::string_view nl, std::vector<Edit>& edits) {
    const auto* node = doc.get(field.table);
    if (!node) return false;
    const auto* table = node->as_table();
    if (!table) {
        // Start-up refuses such a file; its words say why.
        if (auto c = parse_config(text, file); !c) return std::unexpected(refused(c.error()));
        return std::unexpected(refused(file, static_cast<int>(node->source().begin.line),
                                       std::string(field.table), "expected a table"));
    }

    if (const auto* old = table->get(field.key)) {
        // The value's bytes, whatever it was written as (a multi-line string included), replaced
        // by the new one; a comment after it on the line keeps its column where it can.
        const auto begin = map.offset(old->source().begin);
        auto end = map.offset(old->source().end);
        std::string replacement = value;
        if (old->source().begin.line == old->source().end.line) {
            std::size_t spaces = 0;
            while (end + spaces < text.size() && text[end + spaces] == ' ') ++spaces;
            if (spaces > 0 && end + spaces < text.size() && text[end + spaces] == '#') {
                const std::size_t was = columns(text.substr(begin, end - begin)) + spaces;
                const std::size_t now = columns(value);
                replacement.append(was > now ? was - now : 1, ' ');
                end += spaces;
            }
        }
        edits.push_back({begin, end, std::move(replacement)});
        return true;
    }

    const std::string line = std::string(field.key) + " = " + value;
    if (table->is_inline()) {
        // { a = 1 } becomes { a = 1, key = value }; an inline table is one line.
        const auto close = map.offset(table->source().end) - 1;
        if (close >= text.size() || text[close] != '}') {
            return std::unexpected(refused(file, static_cast<int>(table->source().begin.line),
                                           dotted(field),
                                           "cannot be added to this inline table; add it by hand"));
        }
        std::size_t last = close;
        while (last > 0 && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
        const bool empty = text[last - 1] == '{';
        edits.push_back({last, last, (empty ? " " : ", ") + line + (empty ? " " : "")});
        return true;
    }
    // Under the table's header, or beside its dotted keys (ui.theme = …, at the top of the
    // file, where the key needs its table's name too).
    const bool header = is_header_of(text, map.offset(table->source().begin), field.table);
    const auto at = map.after_line(last_line(*table, text, map));
    const std::string lead = (at == text.size() && !text.empty() && text.back() != '\n')
                                 ? std::string(nl)
                                 : std::string();
    edits.push_back(
        {at, at, lead + (header ? line : std::string(field.table) + "." + line) + std::string(nl)});
    return true;
}

// All of an open file; the errno of a failed read.
std::expected<std::string, int> read_all(int fd) {
    std::string text;
    char block[8192];
    for (ssize_t n; (n = ::read(fd, block, sizeof block)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::unexpected(errno);
        text.append(block, static_cast<std::size_t>(n));
    }
    return text;
}

// Holds an flock on a folder while it lives.
class FolderLock {
  public:
    explicit FolderLock(int fd) : fd_(fd) {}
    ~FolderLock() {
        if (fd_ >= 0) ::close(fd_);  // closing it lets the lock go
    }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_;
};

SettingsError storage(std::string message) {
    return {SettingsError::Kind::storage, "", std::move(message)};
}

}  // namespace

const std::vector<std::string_view>& settable_keys() {
    static const std::vector<std::string_view> keys = {"station.name", "station.hotline",
                                                       "county.url",   "ui.idle_reset_seconds",
                                                       "ui.theme",     "ui.volume"};
    return keys;
}

std::vector<std::string> changed_keys(const SettingsChange& change) {
    std::vector<std::string> keys;
    for (const auto& f : kFields) {
        if ((f.text && change.*f.text) || (f.number && change.*f.number)) keys.push_back(dotted(f));
    }
    return keys;
}

std::expected<void, std::string> set_setting(SettingsChange& change, std::string_view key,
                                             std::string_view value) {
    for (const auto& f : kFields) {
        if (dotted(f) != key) continue;
        if (f.text) {
            change.*f.text = std::string(value);
            return {};
        }
        std::int64_t n = 0;
        const auto* end = value.data() + value.size();
        if (value.empty() || std::from_chars(value.data(), end, n).ptr != end) {
            return std::unexpected(std::string(key) + ": expected a whole number, got \"" +
                                   std::string(value) + "\"");
        }
        change.*f.number = n;
        return {};
    }
    std::string keys;
    for (const auto k : settable_keys()) keys += (keys.empty() ? "" : ", ") + std::string(k);
    return std::unexpected("\"" + std::string(key) + "\" cannot be set: expected one of " + keys);
}

std::string setting_value(const Config& config, std::string_view key) {
    for (const auto& f : kFields) {
        if (dotted(f) == key) return f.value_in(config);
    }
    assert(!"setting_value: not a settable key");
    return {};
}

std::expected<std::string, SettingsError> apply_settings(std::string_view text,
                                                         const std::string& file,
                                                         const SettingsChange& change) {
    toml::table doc;
    try {
        doc = toml::parse(text, file);
    } catch (const toml::parse_error&) {
        // Not TOML: start-up's own words for it.
        auto c = parse_config(text, file);
        assert(!c);
        return std::unexpected(refused(c.error()));
    }
    const TextMap map(text);
    const auto first_break = text.find('\n');
    const std::string_view nl =
        first_break != std::string_view::npos && first_break > 0 && text[first_break - 1] == '\r'
            ? "\r\n"
            : "\n";

    // What the file should read as afterwards: the old values with the change.
    toml::table expected = doc;
    std::vector<Edit> edits;
    std::vector<std::pair<std::string_view, std::string>> new_tables;  // table, its lines
    for (const auto& f : kFields) {
        const auto* text_value = f.text ? &(change.*f.text) : nullptr;
        const auto* number_value = f.number ? &(change.*f.number) : nullptr;
        if (!(text_value && *text_value) && !(number_value && *number_value)) continue;
        const std::string value = text_value && *text_value ? base::toml_value(**text_value)
                                                            : base::toml_value(**number_value);
        auto placed = edit_in_place(doc, text, map, file, f, value, nl, edits);
        if (!placed) return std::unexpected(placed.error());
        expected.insert(f.table, toml::table{});
        auto* expected_table = expected.get_as<toml::table>(f.table);
        assert(expected_table);  // edit_in_place refused a table that is not one
        if (text_value && *text_value) {
            expected_table->insert_or_assign(f.key, **text_value);
        } else {
            expected_table->insert_or_assign(f.key, **number_value);
        }
        if (*placed) continue;
        auto table = std::find_if(new_tables.begin(), new_tables.end(),
                                  [&](const auto& t) { return t.first == f.table; });
        if (table == new_tables.end()) {
            new_tables.emplace_back(f.table, "[" + std::string(f.table) + "]" + std::string(nl));
            table = new_tables.end() - 1;
        }
        table->second += std::string(f.key) + " = " + value + std::string(nl);
    }
    // From the end backwards, so earlier offsets hold; two insertions at one place keep the
    // order of kFields.
    std::vector<std::size_t> order(edits.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return edits[a].begin != edits[b].begin ? edits[a].begin > edits[b].begin : a > b;
    });
    std::string out(text);
    for (const auto i : order) {
        out.replace(edits[i].begin, edits[i].end - edits[i].begin, edits[i].text);
    }

    // New tables after all else, the text's end as the edits above left it.
    if (!new_tables.empty()) {
        if (!out.empty()) {
            out += (out.back() == '\n' ? std::string() : std::string(nl)) + std::string(nl);
        }
        for (std::size_t i = 0; i < new_tables.size(); ++i) {
            out += (i > 0 ? std::string(nl) : std::string()) + new_tables[i].second;
        }
    }

    // The file must read as the old one with the change and nothing else: a way of writing
    // TOML this has not met is refused rather than written wrong.
    bool same = false;
    try {
        same = toml::parse(out, file) == expected;
    } catch (const toml::parse_error&) {
    }
    if (!same) {
        return std::unexpected(refused(file, 0, "",
                                       "the settings cannot be written into this file without "
                                       "changing more than them; change them by hand"));
    }
    return out;
}

std::expected<Config, SettingsError> write_settings(const std::filesystem::path& config_file,
                                                    const SettingsChange& change,
                                                    const std::filesystem::path& share_dir) {
    const std::string file = config_file.string();
    std::error_code ec;
    std::filesystem::path target = config_file;
    if (std::filesystem::is_symlink(config_file, ec)) {
        if (auto real = std::filesystem::weakly_canonical(config_file, ec); !ec) target = real;
    }
    const std::filesystem::path folder =
        target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();

    const int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder_fd < 0) {
        return std::unexpected(
            storage(base::errno_message(folder.string() + " cannot be opened", errno)));
    }
    const FolderLock lock(folder_fd);
    while (::flock(folder_fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            return std::unexpected(
                storage(base::errno_message(folder.string() + " cannot be locked", errno)));
        }
    }

    // What is there now, read under the lock: another change just made stays.
    std::string old_text;
    struct stat st {};
    const int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC);
    const bool exists = fd >= 0;
    if (!exists && errno != ENOENT) {
        return std::unexpected(storage(base::errno_message(file + " cannot be read", errno)));
    }
    if (exists) {
        std::expected<std::string, int> read = std::unexpected(0);
        if (::fstat(fd, &st) != 0) {
            read = std::unexpected(errno);
        } else if (!S_ISDIR(st.st_mode)) {
            read = read_all(fd);
        }
        ::close(fd);
        if (S_ISDIR(st.st_mode)) {
            return std::unexpected(refused(load_config(config_file, true).error()));
        }
        if (!read) {
            return std::unexpected(
                storage(base::errno_message(file + " cannot be read", read.error())));
        }
        old_text = std::move(*read);
    }

    auto text = apply_settings(old_text, file, change);
    if (!text) return std::unexpected(text.error());
    auto config = parse_config(*text, file);
    if (!config) return std::unexpected(refused(config.error()));
    for (const auto& problem : check_config(*config, share_dir)) {
        if (problem.stops_start) return std::unexpected(refused(problem));
    }
    if (exists && *text == old_text) return std::move(*config);

    const auto written =
        exists ? base::write_file_durably(target, *text, {st.st_mode, st.st_uid, st.st_gid})
               : base::write_file_durably(target, *text);
    if (!written) return std::unexpected(storage(written.error()));
    return std::move(*config);
}

}  // namespace kiosk::core
