// Where each theme's font atlas comes from: memory, its cache file, or FreeType.
#include "kiosk/app/theme_atlases.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "base/log.hpp"
#include "kiosk/app/atlas_file.hpp"
#include "kiosk/ui/fonts.hpp"

namespace kiosk::app {
namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

ThemeAtlases::ThemeAtlases(AtlasSource source) : source_(std::move(source)) {}

ThemeAtlases::~ThemeAtlases() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        std::erase_if(jobs_, [](const Job& j) { return j.kind != Job::Kind::write; });
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

std::filesystem::path ThemeAtlases::cache_file(const std::string& theme_name) const {
    // Theme names are file stems from the share folder; anything else in one stays out of paths.
    std::string safe = theme_name;
    for (char& c : safe) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) c = '_';
    }
    // One file per theme, overwritten when its key changes: the folder never fills up with
    // atlases of old glyph sets.
    return source_.cache_dir / ("atlas-" + safe + ".bin");
}

ui::FontRequest ThemeAtlases::request(const themes::Theme& theme, float scale) const {
    return {source_.font_file, source_.face_index, source_.glyphs, &theme, scale};
}

ThemeAtlases::Image ThemeAtlases::load(const std::string& theme_name, std::uint64_t key) const {
    const auto path = cache_file(theme_name);
    auto file = read_atlas_file(path);
    if (!file) {
        base::log::warn("fonts", "atlas cache not used: ", file.error());
        return nullptr;
    }
    if (!*file) {
        base::log::info("fonts", "no atlas cache for theme ", theme_name, " yet (", path.string(),
                        ")");
        return nullptr;
    }
    // The image's texture stays in the buffer just read: no second copy.
    auto image = ui::decode_atlas((*file)->bytes(), key, *file);
    if (!image) {
        base::log::warn("fonts", "atlas cache ", path.string(), " not used: ", image.error(),
                        "; building it again");
        return nullptr;
    }
    return std::make_shared<const ui::AtlasImage>(std::move(*image));
}

void ThemeAtlases::write(const std::string& theme_name, std::uint64_t key,
                         const ui::AtlasImage& image) const {
    const auto path = cache_file(theme_name);
    const auto bytes = ui::encode_atlas(image, key);
    if (auto ok = write_atlas_file(path, bytes); !ok) {
        // The kiosk works on without it; the next start builds the atlas again.
        base::log::warn("fonts", "atlas cache not written: ", ok.error());
        return;
    }
    base::log::debug("fonts", "wrote ", path.string(), " (", bytes.size(), " bytes)");
}

const ThemeAtlases::Ready* ThemeAtlases::known(const std::string& theme_name,
                                               std::uint64_t key) const {
    const auto it = ready_.find(theme_name);
    return it != ready_.end() && it->second.key == key ? &it->second : nullptr;
}

std::expected<InstalledAtlas, std::string> ThemeAtlases::install(ImFontAtlas& atlas,
                                                                 const themes::Theme& theme,
                                                                 float scale) {
    const auto req = request(theme, scale);
    const std::uint64_t key = ui::atlas_key(req, source_.font_identity);
    Image image;
    bool file_tried = false, preloaded = false;
    {
        std::unique_lock lock(mutex_);
        // A preparation of this very atlas that has not started is done here and now instead;
        // one under way finishes sooner than a second one started here would.
        std::erase_if(jobs_, [&](const Job& j) { return j.makes_atlas() && j.key == key; });
        done_.wait(lock, [&] { return preparing_ != key; });
        if (const Ready* r = known(theme.name, key)) {
            image = r->image;
            file_tried = true;
            preloaded = r->preloaded;
        }
    }
    AtlasOrigin origin = preloaded ? AtlasOrigin::cache_file : AtlasOrigin::memory;
    if (!image && !file_tried) {
        image = load(theme.name, key);
        origin = AtlasOrigin::cache_file;
    }
    if (image) {
        if (auto fonts = ui::restore_atlas(*image, atlas, false)) {
            std::lock_guard lock(mutex_);
            ready_[theme.name] = {key, image};
            return InstalledAtlas{*fonts, origin,
                                  static_cast<std::size_t>(fonts->body->Glyphs.Size), image};
        } else {
            base::log::warn("fonts", "atlas of theme ", theme.name,
                            " could not be restored: ", fonts.error(), "; building it");
        }
    }

    ui::AtlasStats stats;
    auto fonts = ui::build_fonts(atlas, req, &stats);
    if (!fonts) return std::unexpected(fonts.error());
    // The image keeps the texture for the upload, for switching back later and for the cache
    // file, which the worker encodes and writes: the first frame waits for neither.
    auto captured = ui::capture_atlas(atlas);
    if (!captured) return std::unexpected("the atlas just built: " + captured.error());
    auto built = std::make_shared<const ui::AtlasImage>(std::move(*captured));
    atlas.ClearTexData();
    {
        std::lock_guard lock(mutex_);
        ready_[theme.name] = {key, built};
        enqueue({Job::Kind::write, theme, scale, key, built});
    }
    return InstalledAtlas{*fonts, AtlasOrigin::built, stats.glyphs, built};
}

bool ThemeAtlases::ready(const themes::Theme& theme, float scale) {
    const std::uint64_t key = ui::atlas_key(request(theme, scale), source_.font_identity);
    std::lock_guard lock(mutex_);
    const Ready* r = known(theme.name, key);
    return r && r->image;
}

void ThemeAtlases::prepare(const themes::Theme& theme, float scale) {
    const std::uint64_t key = ui::atlas_key(request(theme, scale), source_.font_identity);
    queue_unless_ready({Job::Kind::prepare, theme, scale, key, nullptr});
}

void ThemeAtlases::preload(const themes::Theme& theme, float scale) {
    const std::uint64_t key = ui::atlas_key(request(theme, scale), source_.font_identity);
    queue_unless_ready({Job::Kind::preload, theme, scale, key, nullptr});
}

void ThemeAtlases::queue_unless_ready(Job job) {
    std::lock_guard lock(mutex_);
    if (const Ready* r = known(job.theme.name, job.key)) {
        // In memory already; or the file was tried, which is all a preload does.
        if (r->image || job.kind == Job::Kind::preload) return;
    }
    if (preparing_ == job.key) return;
    for (Job& j : jobs_) {
        if (j.makes_atlas() && j.key == job.key) {
            // A preload asked for again as a preparation becomes one.
            if (job.kind == Job::Kind::prepare) j.kind = Job::Kind::prepare;
            return;
        }
    }
    enqueue(std::move(job));
}

void ThemeAtlases::check_glyphs() {
    std::lock_guard lock(mutex_);
    enqueue({Job::Kind::check_glyphs, {}, 1, 0, nullptr});
}

void ThemeAtlases::log_missing_glyphs() const {
    if (!source_.glyphs) return;
    auto missing =
        ui::missing_glyphs(source_.font_file, source_.face_index, source_.glyphs->sorted());
    if (!missing) {
        base::log::warn("fonts", "cannot check the glyphs of ", source_.font_path.string(), ": ",
                        missing.error());
        return;
    }
    if (missing->empty()) return;
    std::string list;
    for (const char32_t cp : *missing) {
        char hex[16];
        std::snprintf(hex, sizeof hex, " U+%04X", static_cast<unsigned>(cp));
        list += hex;
    }
    base::log::warn("fonts", missing->size(), " characters have no glyph in ",
                    source_.font_path.string(), " and will show as blanks:", list);
}

void ThemeAtlases::wait_until_idle() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return jobs_.empty() && !busy_; });
}

void ThemeAtlases::enqueue(Job job) {
    if (stopping_) return;
    jobs_.push_back(std::move(job));
    if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
    wake_.notify_one();
}

void ThemeAtlases::work() {
    // Background work: where the cores are busy, the UI thread goes first.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and every write is done
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        busy_ = true;
        if (job.kind == Job::Kind::write || job.kind == Job::Kind::check_glyphs) {
            lock.unlock();
            if (job.kind == Job::Kind::write) {
                write(job.theme.name, job.key, *job.image);
            } else {
                log_missing_glyphs();
            }
            lock.lock();
        } else {
            const Ready* r = known(job.theme.name, job.key);
            const bool in_memory = r && r->image;
            const bool file_tried = r != nullptr;
            if (!in_memory && !(file_tried && job.kind == Job::Kind::preload)) {
                preparing_ = job.key;
                lock.unlock();
                Ready result = run_prepare(job, file_tried);
                lock.lock();
                if (!known(job.theme.name, job.key) || result.image)
                    ready_[job.theme.name] = result;
                preparing_.reset();
            }
        }
        busy_ = false;
        done_.notify_all();
    }
}

ThemeAtlases::Ready ThemeAtlases::run_prepare(const Job& job, bool file_tried) {
    const auto started = std::chrono::steady_clock::now();
    Image image = file_tried ? nullptr : load(job.theme.name, job.key);
    const bool from_file = image != nullptr;
    if (job.kind == Job::Kind::preload) {
        if (image) {
            base::log::debug("fonts", "theme ", job.theme.name, " preloaded from the cache in ",
                             static_cast<int>(ms_since(started)), " ms");
        }
        return {job.key, image, image != nullptr};  // without one, the UI thread builds it
    }
    if (!image) {
        // An atlas of its own: nothing is shared with the one on screen. (ImGui counts the
        // allocations of any thread in the current context's debug metrics; nothing reads them.)
        ImFontAtlas scratch;
        auto fonts = ui::build_fonts(scratch, request(job.theme, job.scale));
        auto captured =
            fonts ? ui::capture_atlas(scratch)
                  : std::expected<ui::AtlasImage, std::string>(std::unexpected(fonts.error()));
        if (!captured) {
            base::log::error("fonts", "theme ", job.theme.name,
                             " not prepared: ", captured.error());
            return {job.key, nullptr};
        }
        image = std::make_shared<const ui::AtlasImage>(std::move(*captured));
        write(job.theme.name, job.key, *image);
    }
    base::log::info("fonts", "theme ", job.theme.name, " prepared in the background (",
                    from_file ? "read from the cache" : "built and cached", ") in ",
                    static_cast<int>(ms_since(started)), " ms");
    return {job.key, image};
}

}  // namespace kiosk::app
