// Content manifests: canonical bytes, JSON form, strict reading, Ed25519 signing and checking.
#include "net/content_manifest.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace net {
namespace {

using nlohmann::json;

bool is_utc_time(std::string_view t) {
    // "YYYY-MM-DDTHH:MM:SSZ": one form only, so that the signed bytes have one spelling.
    if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
        t[16] != ':' || t[19] != 'Z') {
        return false;
    }
    for (const int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
        if (t[i] < '0' || t[i] > '9') return false;
    }
    return base::parse_date(t.substr(0, 10)).has_value();
}

std::optional<std::string> url_problem(std::string_view url) {
    if (url.empty()) return "the bundle's URL is empty";
    if (url.size() > kMaxUrlLength) return "the bundle's URL is longer than 2048 characters";
    for (const char c : url) {
        if (c <= 0x20 || c >= 0x7f) {
            return "the bundle's URL has a space, a control character or a non-ASCII character "
                   "(percent-encode it)";
        }
    }
    return std::nullopt;
}

// A JSON object with exactly these keys.
std::optional<std::string> exact_keys(const json& j, std::string_view where,
                                      std::initializer_list<std::string_view> keys) {
    if (!j.is_object()) return std::string(where) + ": expected an object";
    for (const auto& [key, value] : j.items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            return std::string(where) + ": unknown field \"" + key + "\"";
        }
    }
    for (const auto key : keys) {
        if (!j.contains(key))
            return std::string(where) + ": field \"" + std::string(key) + "\" missing";
    }
    return std::nullopt;
}

std::expected<std::uint64_t, std::string> read_size(const json& j, const std::string& where) {
    if (!j.is_number_unsigned())
        return std::unexpected(where + ": expected a whole number of bytes");
    return j.get<std::uint64_t>();
}

std::expected<base::Sha256, std::string> read_hash(const json& j, const std::string& where) {
    if (j.is_string()) {
        if (auto h = base::sha256_from_hex(j.get<std::string>())) return *h;
    }
    return std::unexpected(where + ": expected a SHA-256 as 64 lowercase hex digits");
}

}  // namespace

std::string canonical_bytes(const ContentManifest& m) {
    std::string out = "mingbai-content-manifest " + std::to_string(kManifestFormat) + "\n";
    out += "version " + std::to_string(m.version) + "\n";
    out += "published " + m.published + "\n";
    out += "expires " + m.expires.to_string() + "\n";
    out += "bundle " + std::to_string(m.bundle.size) + " " + media_name(m.bundle.sha256) + " " +
           m.bundle.url + "\n";
    for (const auto& media : m.media) {
        out += "media " + media_name(media.sha256) + " " + std::to_string(media.size) + "\n";
    }
    return out;
}

std::expected<void, std::string> check_fields(const ContentManifest& m) {
    if (m.version < 1) return std::unexpected("version: expected a whole number from 1 up");
    if (!is_utc_time(m.published)) {
        return std::unexpected("published: expected a UTC time as YYYY-MM-DDTHH:MM:SSZ");
    }
    if (auto problem = url_problem(m.bundle.url)) return std::unexpected("bundle.url: " + *problem);
    if (m.media.size() > kMaxMediaFiles) {
        return std::unexpected("media: more than " + std::to_string(kMaxMediaFiles) + " files");
    }
    for (std::size_t i = 1; i < m.media.size(); ++i) {
        if (!(m.media[i - 1].sha256 < m.media[i].sha256)) {
            return std::unexpected("media: expected each file once, in order of their SHA-256");
        }
    }
    return {};
}

void sign_manifest(ContentManifest& m, const base::ed25519::SecretKey& key) {
    m.key_id = key.public_key().id();
    m.signature = base::ed25519::sign(key, canonical_bytes(m));
}

std::string manifest_json(const ContentManifest& m) {
    json media = json::array();
    for (const auto& f : m.media)
        media.push_back({{"sha256", media_name(f.sha256)}, {"size", f.size}});
    // Keys in this order, for people reading the file; the signature does not depend on it.
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["format"] = kManifestFormat;
    j["version"] = m.version;
    j["published"] = m.published;
    j["expires"] = m.expires.to_string();
    j["bundle"] = {
        {"url", m.bundle.url}, {"size", m.bundle.size}, {"sha256", media_name(m.bundle.sha256)}};
    j["media"] = media;
    j["signature"] = {{"algorithm", "ed25519"},
                      {"key_id", m.key_id},
                      {"value", base::base64_encode(m.signature)}};
    return j.dump(2) + "\n";
}

std::expected<ContentManifest, std::string> parse_manifest(std::string_view text) {
    if (text.size() > kMaxManifestBytes) {
        return std::unexpected("the manifest is larger than " +
                               std::to_string(kMaxManifestBytes / 1024) + " KiB");
    }
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return std::unexpected("the manifest is not valid JSON");
    if (auto bad = exact_keys(
            j, "manifest",
            {"format", "version", "published", "expires", "bundle", "media", "signature"})) {
        return std::unexpected(*bad);
    }
    if (!j["format"].is_number_integer() || j["format"].get<long long>() != kManifestFormat) {
        return std::unexpected("format: this kiosk reads manifest format " +
                               std::to_string(kManifestFormat));
    }
    ContentManifest m;
    if (!j["version"].is_number_integer())
        return std::unexpected("version: expected a whole number");
    m.version = j["version"].get<long long>();
    if (!j["published"].is_string()) return std::unexpected("published: expected text");
    m.published = j["published"].get<std::string>();
    const auto expires =
        j["expires"].is_string() ? base::parse_date(j["expires"].get<std::string>()) : std::nullopt;
    if (!expires) return std::unexpected("expires: expected a date as YYYY-MM-DD");
    m.expires = *expires;

    const json& bundle = j["bundle"];
    if (auto bad = exact_keys(bundle, "bundle", {"url", "size", "sha256"}))
        return std::unexpected(*bad);
    if (!bundle["url"].is_string()) return std::unexpected("bundle.url: expected text");
    m.bundle.url = bundle["url"].get<std::string>();
    auto size = read_size(bundle["size"], "bundle.size");
    if (!size) return std::unexpected(size.error());
    m.bundle.size = *size;
    auto hash = read_hash(bundle["sha256"], "bundle.sha256");
    if (!hash) return std::unexpected(hash.error());
    m.bundle.sha256 = *hash;

    if (!j["media"].is_array()) return std::unexpected("media: expected a list");
    if (j["media"].size() > kMaxMediaFiles) {
        return std::unexpected("media: more than " + std::to_string(kMaxMediaFiles) + " files");
    }
    for (std::size_t i = 0; i < j["media"].size(); ++i) {
        const json& f = j["media"][i];
        const std::string where = "media[" + std::to_string(i) + "]";
        if (auto bad = exact_keys(f, where, {"sha256", "size"})) return std::unexpected(*bad);
        auto fh = read_hash(f["sha256"], where + ".sha256");
        if (!fh) return std::unexpected(fh.error());
        auto fs = read_size(f["size"], where + ".size");
        if (!fs) return std::unexpected(fs.error());
        m.media.push_back({*fh, *fs});
    }

    const json& sig = j["signature"];
    if (auto bad = exact_keys(sig, "signature", {"algorithm", "key_id", "value"})) {
        return std::unexpected(*bad);
    }
    if (sig["algorithm"] != "ed25519")
        return std::unexpected("signature.algorithm: expected \"ed25519\"");
    if (!sig["key_id"].is_string() || sig["key_id"].get<std::string>().size() != 16) {
        return std::unexpected("signature.key_id: expected 16 hex digits");
    }
    m.key_id = sig["key_id"].get<std::string>();
    const auto value = sig["value"].is_string()
                           ? base::base64_decode(sig["value"].get<std::string>())
                           : std::nullopt;
    if (!value || value->size() != m.signature.size()) {
        return std::unexpected("signature.value: expected 64 bytes in Base64");
    }
    std::copy(value->begin(), value->end(), m.signature.begin());

    if (auto ok = check_fields(m); !ok) return std::unexpected(ok.error());
    return m;
}

std::expected<base::ed25519::PublicKey, std::string> check_signature(
    const ContentManifest& m, std::span<const base::ed25519::PublicKey> trusted) {
    const std::string signed_bytes = canonical_bytes(m);
    bool id_known = false;
    for (const auto& key : trusted) {
        if (key.id() != m.key_id) continue;
        id_known = true;
        if (base::ed25519::verify(key, signed_bytes, m.signature)) return key;
    }
    if (!id_known) {
        return std::unexpected("signed by key " + m.key_id +
                               ", which this kiosk does not trust (its [update] trusted_keys)");
    }
    return std::unexpected(
        "the signature does not match: the manifest was changed after it was "
        "signed, or not signed by key " +
        m.key_id);
}

std::string media_name(const base::Sha256& sha256) {
    return base::to_hex(sha256);
}

}  // namespace net
