// Why a device would not open, in plain words.
#include "base/device_error.hpp"

#include <grp.h>
#include <sys/stat.h>

#include <cerrno>

#include "base/posix_error.hpp"

namespace base {
namespace {

// The group that owns the device file, or "" when it cannot be found out.
std::string group_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    // getgrgid_r: the printer and scanner threads may ask at the same time.
    group entry{};
    group* found = nullptr;
    char buffer[4096];
    if (::getgrgid_r(st.st_gid, &entry, buffer, sizeof buffer, &found) != 0 || !found) return {};
    return found->gr_name;
}

}  // namespace

DeviceOpenError device_open_error(std::string_view device, int err, std::string_view missing_hint) {
    const std::string path(device);
    switch (err) {
        case ENOENT:
        case ENODEV:
        case ENXIO:
            return {DeviceOpenError::Kind::not_found,
                    path + ": no such device" +
                        (missing_hint.empty() ? "" : " (" + std::string(missing_hint) + ")")};
        case EACCES:
        case EPERM: {
            const std::string group = group_of(path);
            return {DeviceOpenError::Kind::permission,
                    path + ": permission denied" +
                        (group.empty() ? ""
                                       : " (add the kiosk's user to the group \"" + group + "\")")};
        }
        case EBUSY:
            return {DeviceOpenError::Kind::busy, path + ": busy (another program is using it)"};
        default:
            return {DeviceOpenError::Kind::other, errno_message(path, err)};
    }
}

}  // namespace base
