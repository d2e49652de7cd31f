// Reading image files within a memory budget: stb_image compiled here with an allocator that
// counts what the decoder holds and refuses what would go over, then a box filter to the working
// size.
#include "scanner/image_file.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

namespace scanner {
namespace {

// What one load may hold, and what it has held. One per load, on the loading thread.
struct DecodeBudget {
    std::size_t limit = 0;
    std::size_t used = 0, peak = 0;
    bool refused = false;  // an allocation was refused: the picture needs more than `limit`

    bool take(std::size_t size) {
        if (size > limit - std::min(used, limit)) {
            refused = true;
            return false;
        }
        used += size;
        peak = std::max(peak, used);
        return true;
    }
    void give_back(std::size_t size) { used -= std::min(used, size); }
};

thread_local DecodeBudget* t_budget = nullptr;

// Each block carries its size in front, as stb frees and grows blocks without saying their size.
constexpr std::size_t kHeader = alignof(std::max_align_t);

std::size_t block_size(void* p) {
    std::size_t size = 0;
    std::memcpy(&size, static_cast<unsigned char*>(p) - kHeader, sizeof size);
    return size;
}

void* budget_malloc(std::size_t size) {
    if (t_budget && !t_budget->take(size)) return nullptr;  // stb reports "outofmem"
    auto* block = static_cast<unsigned char*>(std::malloc(size + kHeader));
    if (!block) {
        if (t_budget) t_budget->give_back(size);
        return nullptr;
    }
    std::memcpy(block, &size, sizeof size);
    return block + kHeader;
}

void budget_free(void* p) {
    if (!p) return;
    if (t_budget) t_budget->give_back(block_size(p));
    std::free(static_cast<unsigned char*>(p) - kHeader);
}

void* budget_realloc(void* p, std::size_t size) {
    if (!p) return budget_malloc(size);
    const std::size_t old = block_size(p);
    if (t_budget && size > old && !t_budget->take(size - old)) return nullptr;
    auto* block = static_cast<unsigned char*>(
        std::realloc(static_cast<unsigned char*>(p) - kHeader, size + kHeader));
    if (!block) {
        if (t_budget && size > old) t_budget->give_back(size - old);
        return nullptr;  // the old block stays; stb frees it
    }
    if (t_budget && size < old) t_budget->give_back(old - size);
    std::memcpy(block, &size, sizeof size);
    return block + kHeader;
}

// Installs a budget for the loads on this thread while it lives.
class BudgetScope {
  public:
    explicit BudgetScope(DecodeBudget& budget) : previous_(t_budget) { t_budget = &budget; }
    ~BudgetScope() { t_budget = previous_; }
    BudgetScope(const BudgetScope&) = delete;
    BudgetScope& operator=(const BudgetScope&) = delete;

  private:
    DecodeBudget* previous_;
};

}  // namespace
}  // namespace scanner

// A private copy of stb_image, static to this file (Debian's libstb is linked too, for writing
// PNGs elsewhere): only here can its allocator be ours.
#define STBI_MALLOC(size) scanner::budget_malloc(size)
#define STBI_REALLOC(p, size) scanner::budget_realloc(p, size)
#define STBI_FREE(p) scanner::budget_free(p)
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wuseless-cast"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb_image.h>
#pragma GCC diagnostic pop

namespace scanner {
namespace {

std::string size_text(int w, int h) {
    return std::to_string(w) + "x" + std::to_string(h);
}

std::string megapixels(std::size_t pixels) {
    const std::size_t tenths = (pixels + 50'000) / 100'000;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

// The smallest whole factor that brings w x h within `max_pixels`.
int shrink_factor(int w, int h, std::size_t max_pixels) {
    int k = 1;
    auto pixels = [&](int f) {
        return static_cast<std::size_t>((w + f - 1) / f) *
               static_cast<std::size_t>((h + f - 1) / f);
    };
    while (pixels(k) > std::max<std::size_t>(max_pixels, 1)) ++k;
    return k;
}

// Each working pixel is the mean of a k x k block (smaller at the right and bottom edges): fine
// module edges stay grey rather than vanish, as a camera further away would see them.
GrayImage shrink(const std::uint8_t* src, int w, int h, int k) {
    GrayImage out;
    out.width = (w + k - 1) / k;
    out.height = (h + k - 1) / k;
    out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
    if (k == 1) {
        std::copy(src, src + out.pixels.size(), out.pixels.begin());
        return out;
    }
    std::vector<std::uint32_t> sums(static_cast<std::size_t>(out.width));
    for (int oy = 0; oy < out.height; ++oy) {
        std::fill(sums.begin(), sums.end(), 0u);
        const int y0 = oy * k, y1 = std::min(h, y0 + k);
        for (int y = y0; y < y1; ++y) {
            const std::uint8_t* row =
                src + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
            for (int ox = 0; ox < out.width; ++ox) {
                const int x1 = std::min(w, (ox + 1) * k);
                std::uint32_t s = 0;
                for (int x = ox * k; x < x1; ++x) s += row[x];
                sums[static_cast<std::size_t>(ox)] += s;
            }
        }
        for (int ox = 0; ox < out.width; ++ox) {
            const auto count =
                static_cast<std::uint32_t>((std::min(w, (ox + 1) * k) - ox * k) * (y1 - y0));
            out.pixels[static_cast<std::size_t>(oy) * static_cast<std::size_t>(out.width) +
                       static_cast<std::size_t>(ox)] =
                static_cast<std::uint8_t>((sums[static_cast<std::size_t>(ox)] + count / 2) / count);
        }
    }
    return out;
}

// What stb must hold at once to decode a PNG, from its header: the inflated rows (a filter byte
// each) and the unfiltered pixels, both whole, before any conversion. 0 for other formats. A
// PNG is inflated before either is allocated, so without this a picture the budget cannot hold
// would be read and inflated only to be refused.
std::size_t png_decode_floor(const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return 0;
    unsigned char h[26] = {};
    const bool whole = std::fread(h, 1, sizeof h, f) == sizeof h;
    std::fclose(f);
    if (!whole || std::memcmp(h, "\x89PNG\r\n\x1a\n", 8) != 0 ||
        std::memcmp(h + 12, "IHDR", 4) != 0)
        return 0;
    auto be32 = [&](int at) {
        return (std::size_t{h[at]} << 24) | (std::size_t{h[at + 1]} << 16) |
               (std::size_t{h[at + 2]} << 8) | std::size_t{h[at + 3]};
    };
    const std::size_t width = be32(16), height = be32(20), depth = h[24];
    // Samples a pixel by colour type: grey, -, RGB, palette index (colours come after), grey and
    // alpha, -, RGBA.
    constexpr std::size_t kSamples[] = {1, 0, 3, 1, 2, 0, 4};
    const std::size_t type = h[25];
    if (type >= std::size(kSamples) || kSamples[type] == 0) return 0;  // stb says what is wrong
    const std::size_t channels = kSamples[type];
    const std::size_t row_bytes = (width * channels * depth + 7) / 8;
    const std::size_t pixel_bytes = channels * (depth == 16 ? 2 : 1);
    return height * (1 + row_bytes) + width * height * pixel_bytes;
}

std::string needs_too_much(const std::string& name, int w, int h, std::size_t limit) {
    return name + ": " + size_text(w, h) + " needs more than " + std::to_string(limit >> 20) +
           " MiB to decode, more than a scan may take (a JPEG or a smaller picture of it will do)";
}

}  // namespace

std::expected<LoadedImage, std::string> load_image(const std::filesystem::path& path,
                                                   const ImageLimits& limits) {
    const std::string name = path.string();
    DecodeBudget budget{limits.max_decode_bytes};
    const BudgetScope scope(budget);
    int w = 0, h = 0, channels = 0;
    if (!stbi_info(path.c_str(), &w, &h, &channels)) {
        return std::unexpected(name + ": not an image this kiosk can read (" +
                               stbi_failure_reason() + ")");
    }
    const std::size_t pixels = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    if (pixels > limits.max_pixels) {
        return std::unexpected(name + ": " + size_text(w, h) + " (" + megapixels(pixels) +
                               " megapixels) is too large to scan; at most " +
                               megapixels(limits.max_pixels) +
                               " megapixels, more than any camera frame or scanned page");
    }
    if (png_decode_floor(path) > limits.max_decode_bytes)
        return std::unexpected(needs_too_much(name, w, h, limits.max_decode_bytes));
    std::unique_ptr<unsigned char, void (*)(void*)> data(
        stbi_load(path.c_str(), &w, &h, &channels, 1), stbi_image_free);
    if (!data) {
        if (budget.refused)
            return std::unexpected(needs_too_much(name, w, h, limits.max_decode_bytes));
        const std::string reason = stbi_failure_reason();
        if (reason == "outofmem")  // within the budget, but more than the machine has free
            return std::unexpected(name + ": not enough memory to read this image");
        return std::unexpected(name + ": " + reason);
    }
    LoadedImage out;
    out.file_width = w;
    out.file_height = h;
    out.scale = shrink_factor(w, h, limits.max_working_pixels);
    out.image = shrink(data.get(), w, h, out.scale);
    // The working image was made while the decoded one was still held.
    out.peak_bytes = std::max(budget.peak, budget.used + out.image.pixels.size());
    return out;
}

}  // namespace scanner
