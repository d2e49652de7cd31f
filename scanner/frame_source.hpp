// Where the QR scanner's frames come from: a V4L2 camera (the kiosk's) or image files (for demos
// and tests). Every failure a person can cause — no camera, a pulled cable, a wrong file — comes
// back as a message naming the device or file, never as a crash.
#pragma once

#include <cstddef>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/code_reader.hpp"
#include "scanner/image_file.hpp"

namespace scanner {

class FrameSource {
  public:
    virtual ~FrameSource() = default;

    // The next frame; nullopt when there is no new frame yet (camera) or no more (files). An error
    // is about one frame or the device; call lost() to know whether more can come.
    virtual std::expected<std::optional<GrayImage>, std::string> next_frame() = 0;

    // True once the source cannot give frames until it is opened again (a camera unplugged or
    // stalled). A file source never is: a bad file is skipped, the next one is read.
    virtual bool lost() const { return false; }

    // The file, folder or device, for messages.
    virtual const std::string& name() const = 0;
};

using FrameSourcePtr = std::unique_ptr<FrameSource>;

// ---- Files -------------------------------------------------------------------------------------

struct FileSourceOptions {
    bool loop = false;    // start again after the last file (one file: repeat it)
    ImageLimits image{};  // larger pictures are refused or shrunk: a scan's memory stays bounded
};

// One image file, or a folder whose files are frames in name order (hidden files and
// sub-folders are skipped). Each file is returned once, or round and round with `loop`, at the
// working size of `image`. A file that is not an image, cannot be read or is too large is an
// error value for that frame; the following call goes on with the next file.
class FileFrameSource final : public FrameSource {
  public:
    static std::expected<std::unique_ptr<FileFrameSource>, std::string> open(
        const std::filesystem::path& path, FileSourceOptions options = {});

    std::expected<std::optional<GrayImage>, std::string> next_frame() override;
    const std::string& name() const override { return name_; }

    const std::vector<std::filesystem::path>& files() const { return files_; }

  private:
    FileFrameSource(std::string name, std::vector<std::filesystem::path> files,
                    FileSourceOptions options)
        : name_(std::move(name)), files_(std::move(files)), options_(options) {}

    std::string name_;
    std::vector<std::filesystem::path> files_;
    FileSourceOptions options_;
    std::size_t next_ = 0;
    // A single looping file is decoded once: re-reading a PNG 12 times a second is waste.
    std::optional<GrayImage> cached_;
};

// ---- Camera (V4L2, scanner/camera_v4l2.cpp) ----------------------------------------------------

struct CameraOptions {
    std::string device = "/dev/video0";
    int width = 640, height = 480;  // asked for; the driver may pick the nearest it has
    int fps = 12;                   // asked for with VIDIOC_S_PARM: 10-15 is enough to scan
    int buffers = 4;                // mmap buffers; the driver may give 2-3
    int stall_seconds = 5;          // no frame for this long: the camera counts as lost
};

// Opens and starts the camera. Grayscale frames (the Y plane) come from next_frame(), which
// never blocks: nullopt when the next frame has not arrived. Errors name the device:
// "/dev/video0: no such device", "... permission denied (is the kiosk user in group video?)".
std::expected<FrameSourcePtr, std::string> open_camera(const CameraOptions& options = {});

}  // namespace scanner
