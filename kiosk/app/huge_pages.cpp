// SDL's big pixel buffers in transparent huge pages.
#include "kiosk/app/huge_pages.hpp"

#include <SDL.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

namespace kiosk::app {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Only buffers that hold whole huge pages: textures, window surfaces.
constexpr std::size_t kBig = std::size_t{4} << 20;

// The 2 MiB-aligned part of [p, p + n) may be backed by huge pages once touched. Asked before
// SDL first writes the buffer (it clears every new surface), so the faults are few. With
// transparent huge pages set to "madvise" (Debian's default) this is what enables them; with
// "never", or an old kernel, madvise fails and nothing changes.
void advise(void* p, std::size_t n) {
    if (!p || n < kBig) return;
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(kHugePage - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

void* sdl_malloc(std::size_t n) {
    void* p = std::malloc(n);
    advise(p, n);
    return p;
}

void* sdl_calloc(std::size_t count, std::size_t size) {
    return std::calloc(count, size);  // already zero: SDL does not touch it all at once
}

void* sdl_realloc(void* p, std::size_t n) {
    void* q = std::realloc(p, n);
    advise(q, n);
    return q;
}

void sdl_free(void* p) {
    std::free(p);
}

}  // namespace

void use_huge_pages_for_sdl() {
    static const bool done = [] {
        SDL_SetMemoryFunctions(sdl_malloc, sdl_calloc, sdl_realloc, sdl_free);
        return true;
    }();
    (void)done;
}

}  // namespace kiosk::app
