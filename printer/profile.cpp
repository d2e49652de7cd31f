// Printer profiles from TOML.
#include "printer/profile.hpp"

namespace printer {
namespace {

std::expected<Profile, base::TomlError> read(base::StrictToml& doc) {
    Profile p;
    p.name = std::filesystem::path(doc.file()).stem().string();
    doc.read("width_dots", p.width_dots, 128, 2048);
    doc.read("dpi", p.dpi, 100, 600);
    doc.read("cut", p.cut);
    doc.read("text_mode", p.text_mode);
    doc.read("native_qr", p.native_qr);
    doc.read("band_height", p.band_height, 8, 1024);
    doc.read("max_length_mm", p.max_length_mm, 50, 10000);
    doc.read("feed_after_mm", p.feed_after_mm, 0, 100);
    if (p.width_dots % 8 != 0)
        doc.reject("width_dots", "expected a multiple of 8 (whole bytes per raster row)");
    if (auto err = doc.finish()) return std::unexpected(*err);
    return p;
}

}  // namespace

std::expected<Profile, base::TomlError> parse_profile(std::string_view toml_text,
                                                      std::string file) {
    auto doc = base::StrictToml::parse(toml_text, std::move(file));
    if (!doc) return std::unexpected(doc.error());
    return read(*doc);
}

std::expected<Profile, base::TomlError> load_profile(const std::filesystem::path& path) {
    auto doc = base::StrictToml::load(path);
    if (!doc) return std::unexpected(doc.error());
    return read(*doc);
}

std::expected<Profile, std::string> find_profile(const std::filesystem::path& dir,
                                                 const std::string& name) {
    if (name.empty() || name.find_first_of("/\\") != std::string::npos) {
        return std::unexpected("printer profile \"" + name + "\" is not a profile name");
    }
    auto p = load_profile(dir / (name + ".toml"));
    if (!p) return std::unexpected(p.error().describe());
    return *p;
}

}  // namespace printer
