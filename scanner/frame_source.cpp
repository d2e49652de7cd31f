// Frames from image files: one picture, or a folder of them in name order.
#include "scanner/frame_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <new>
#include <system_error>

#include "base/posix_error.hpp"

namespace scanner {
namespace fs = std::filesystem;

namespace {

// stb's reason for a file it cannot open is "can't fopen"; errno says whether the file vanished
// or the kiosk may not read it, which is what staff need to know.
std::expected<void, std::string> check_readable(const fs::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return std::unexpected(base::errno_message(path.string(), errno));
    std::fclose(f);
    return {};
}

std::expected<GrayImage, std::string> read_frame(const fs::path& path, const ImageLimits& limits) {
    if (auto ok = check_readable(path); !ok) return std::unexpected(ok.error());
    try {
        auto loaded = load_image(path, limits);
        if (!loaded) return std::unexpected(loaded.error());
        return std::move(loaded->image);
    } catch (const std::bad_alloc&) {
        // Within the pixel limit but still more than this machine has free.
        return std::unexpected(path.string() + ": not enough memory to read this image");
    }
}

}  // namespace

std::expected<std::unique_ptr<FileFrameSource>, std::string> FileFrameSource::open(
    const fs::path& path, FileSourceOptions options) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return std::unexpected(path.string() + ": no such file or folder");
    }
    std::vector<fs::path> files;
    if (fs::is_directory(status)) {
        for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
            const auto& entry = it->path();
            // Editors' and file managers' droppings (.DS_Store, .thumbnails) are not frames.
            if (entry.filename().string().starts_with('.')) continue;
            std::error_code type_ec;
            if (!it->is_regular_file(type_ec)) continue;
            files.push_back(entry);
        }
        if (ec) return std::unexpected(path.string() + ": cannot list the folder: " + ec.message());
        if (files.empty()) return std::unexpected(path.string() + ": no files in the folder");
        // Plain byte order of the names: frame_0009 before frame_0010, as cameras and
        // ffmpeg number them.
        std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
            return a.filename().string() < b.filename().string();
        });
    } else if (fs::is_regular_file(status)) {
        files.push_back(path);
    } else {
        return std::unexpected(path.string() + ": not a file or folder");
    }
    return std::unique_ptr<FileFrameSource>(
        new FileFrameSource(path.string(), std::move(files), options));
}

std::expected<std::optional<GrayImage>, std::string> FileFrameSource::next_frame() {
    if (cached_) return std::optional<GrayImage>(*cached_);
    if (next_ >= files_.size()) {
        if (!options_.loop) return std::nullopt;
        next_ = 0;
    }
    const auto& path = files_[next_++];
    auto image = read_frame(path, options_.image);
    if (!image) return std::unexpected(image.error());
    if (options_.loop && files_.size() == 1) cached_ = *image;
    return std::optional<GrayImage>(std::move(*image));
}

}  // namespace scanner
