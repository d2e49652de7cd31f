// Where the kiosk keeps its state and finds its shipped data files.
#include "kiosk/core/data_paths.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <system_error>

#include "base/log.hpp"

namespace kiosk::core {

namespace {

// Takes group and other permissions away from one folder or file, saying so: a mode that was
// open is a careless install or copy staff should hear about.
void close_to_others(const std::filesystem::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return;
    const mode_t mode = st.st_mode & 07777;
    if ((mode & 077) == 0) return;
    if (::chmod(path.c_str(), mode & ~mode_t{077}) == 0) {
        char from[8], to[8];
        std::snprintf(from, sizeof from, "%04o", static_cast<unsigned>(mode));
        std::snprintf(to, sizeof to, "%04o", static_cast<unsigned>(mode & ~mode_t{077}));
        base::log::warn("data", path.string(), " was ", from, ", open to other users: made ", to);
    } else {
        base::log::error("data", path.string(), " is open to other users and cannot be closed");
    }
}

}  // namespace

std::expected<void, std::string> prepare_data_dir(const std::filesystem::path& dir) {
    // Everything this process makes from here on is its user's alone (files 0600, folders
    // 0700): masked IDs, reply texts and the outbox's key live there.
    ::umask(077);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return std::unexpected("cannot create data folder " + dir.string() + ": " + ec.message());
    if (::access(dir.c_str(), W_OK) != 0) {
        return std::unexpected("data folder " + dir.string() + " is not writable by this user");
    }
    close_to_others(dir);
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        // The outbox refuses a key others could read rather than quietly closing it: it may
        // have been read already, and staff must decide what to do.
        if (it->path().filename() == "outbox.key") continue;
        close_to_others(it->path());
    }
    return {};
}

std::filesystem::path share_dir() {
    if (const char* env = std::getenv("MINGBAI_SHARE_DIR"); env && *env) return env;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "/usr/share/mingbai";
    return exe.parent_path().parent_path() / "share" / "mingbai";
}

}  // namespace kiosk::core
