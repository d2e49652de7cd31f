// Files that survive a power cut: written or copied whole, flushed to the disk (fsync) before
// they are renamed into place, and the folder flushed after the rename, so that after a crash a
// file is either the old one or the complete new one. Errors are plain words ("the disk is full").
#pragma once

#include <sys/types.h>

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace base {

// Writes `bytes` to `file` through `file`.tmp, fsyncs it, renames it into place and fsyncs the
// folder.
std::expected<void, std::string> write_file_durably(const std::filesystem::path& file,
                                                    std::string_view bytes);
// The mode and owner a file keeps when it is written anew.
struct FileOwnership {
    mode_t mode = 0600;
    uid_t uid = 0;
    gid_t gid = 0;
};
// The same, with the new file given `keep`'s mode and owner before it is renamed into place: a
// crash never leaves a file that those who could read the old one cannot read. Changing the
// owner takes root; when it cannot be kept, nothing is written.
std::expected<void, std::string> write_file_durably(const std::filesystem::path& file,
                                                    std::string_view bytes,
                                                    const FileOwnership& keep);
// Copies `from` to `to` (a new file, replaced if there) and fsyncs it; no rename.
std::expected<void, std::string> copy_file_synced(const std::filesystem::path& from,
                                                  const std::filesystem::path& to);
// fsync on a file or folder: after a rename, the folder's entry is on disk too.
std::expected<void, std::string> sync_path(const std::filesystem::path& path);
// What a failed write's errno means to the person who reads it: "the disk is full" for ENOSPC,
// EFBIG and EDQUOT, else the system's words.
std::string write_error_text(int err);

}  // namespace base
