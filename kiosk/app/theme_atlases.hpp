// Where each theme's font atlas comes from: memory, its cache file in <data>/cache, or FreeType.
// A worker thread readies the themes not on screen and writes the cache files, so neither a start
// with a warm cache nor a switch to 长辈模式 rasterises glyphs on the UI thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>

#include <imgui.h>

#include "kiosk/core/glyph_set.hpp"
#include "kiosk/ui/atlas_codec.hpp"
#include "kiosk/ui/context.hpp"
#include "themes/theme.hpp"

namespace kiosk::app {

struct AtlasSource {
    std::span<const std::byte> font_file;  // kept alive by the caller as long as this object
    int face_index = 0;
    std::filesystem::path font_path;         // for messages
    std::string font_identity;               // FontFile::identity()
    const core::GlyphSet* glyphs = nullptr;  // kept alive and unchanged by the caller
    std::filesystem::path cache_dir;         // <data>/cache
};

enum class AtlasOrigin { memory, cache_file, built };

struct InstalledAtlas {
    ui::Fonts fonts;
    AtlasOrigin origin = AtlasOrigin::built;
    std::size_t glyphs = 0;  // per size
    // What to upload: the atlas holds no copy of its texture, the image does.
    std::shared_ptr<const ui::AtlasImage> image;
};

class ThemeAtlases {
  public:
    explicit ThemeAtlases(AtlasSource source);
    // Waits for the worker: a build under way, then the cache writes it was given; preparations
    // not yet started are dropped.
    ~ThemeAtlases();
    ThemeAtlases(const ThemeAtlases&) = delete;
    ThemeAtlases& operator=(const ThemeAtlases&) = delete;

    // On the UI thread: fills `atlas` with `theme`'s fonts at `scale`: from memory when prepared,
    // else from the cache file, else built with FreeType (the file is then written by the worker).
    // A cache file that is missing, damaged or made for anything else is logged and passed over.
    std::expected<InstalledAtlas, std::string> install(ImFontAtlas& atlas,
                                                       const themes::Theme& theme, float scale);

    // Readies `theme` at `scale` in memory on the worker (from its cache file, else by building
    // it), so that installing it later costs a copy, not a build or a read.
    void prepare(const themes::Theme& theme, float scale);
    // Whether `theme` at `scale` is ready in memory (prepared or installed), without waiting.
    bool ready(const themes::Theme& theme, float scale);

    // Reads `theme`'s cache file on the worker, building nothing: at start, while the display
    // opens on the UI thread.
    void preload(const themes::Theme& theme, float scale);

    // Logs, from the worker, the characters of the glyph set the font has no glyph for: they
    // show as blanks. (FreeType reads the font's character map: not a job for the UI thread.)
    void check_glyphs();

    // Blocks until the worker has nothing left to do: for tests and the bench, never the UI.
    void wait_until_idle();

    std::filesystem::path cache_file(const std::string& theme_name) const;

  private:
    using Image = std::shared_ptr<const ui::AtlasImage>;
    struct Job {
        enum class Kind { preload, prepare, write, check_glyphs } kind = Kind::prepare;
        themes::Theme theme;
        float scale = 1;
        std::uint64_t key = 0;
        Image image;  // what to write
        bool makes_atlas() const { return kind == Kind::preload || kind == Kind::prepare; }
    };
    // What is known of a theme's atlas for `key`: its image, or (null) that the cache file was
    // tried and cannot give it, so nobody reads the file again.
    struct Ready {
        std::uint64_t key = 0;
        Image image;
        bool preloaded = false;  // read from the file for the start, not yet installed
    };

    ui::FontRequest request(const themes::Theme& theme, float scale) const;
    // The cache file's image; null when there is none or it cannot be used (logged).
    Image load(const std::string& theme_name, std::uint64_t key) const;
    // With mutex_ held: what ready_ knows of this atlas, if anything.
    const Ready* known(const std::string& theme_name, std::uint64_t key) const;
    void write(const std::string& theme_name, std::uint64_t key, const ui::AtlasImage& image) const;
    void log_missing_glyphs() const;
    void enqueue(Job job);  // with mutex_ held
    void work();
    Ready run_prepare(const Job& job, bool file_tried);
    void queue_unless_ready(Job job);

    AtlasSource source_;
    std::mutex mutex_;
    std::condition_variable wake_;  // the worker: a job or the end
    std::condition_variable done_;  // the waiters: a job finished
    std::deque<Job> jobs_;
    std::map<std::string, Ready> ready_;      // by theme name: the atlas last made for it
    std::optional<std::uint64_t> preparing_;  // the key the worker is preparing or preloading now
    bool busy_ = false;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace kiosk::app
