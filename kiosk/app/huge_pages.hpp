// SDL's big pixel buffers (textures and surfaces of several megabytes) in transparent huge pages:
// a 9 MB font texture is touched in a few faults instead of 2300, at start and at a theme switch.
#pragma once

namespace kiosk::app {

// Routes SDL's allocations through malloc, asking the kernel for huge pages for the big ones.
// Must come before SDL allocates anything (SDL_SetMemoryFunctions); later calls do nothing.
// Where the kernel has no transparent huge pages, or not for this, nothing changes.
void use_huge_pages_for_sdl();

}  // namespace kiosk::app
