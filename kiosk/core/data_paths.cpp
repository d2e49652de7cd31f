// Where the kiosk keeps its state and finds its shipped data files.
#include "kiosk/core/data_paths.hpp"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace kiosk::core {

std::expected<void, std::string> prepare_data_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return std::unexpected("cannot create data folder " + dir.string() + ": " + ec.message());
    if (::access(dir.c_str(), W_OK) != 0) {
        return std::unexpected("data folder " + dir.string() + " is not writable by this user");
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
