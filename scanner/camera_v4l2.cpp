// The kiosk's camera through libv4l2: mmap streaming at 10-15 frames a second, grayscale out.
// libv4l2 rather than raw ioctls because it converts the MJPEG-only formats of cheap USB cameras
// to a YUV format we can take the Y plane from.
#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "base/device_error.hpp"
#include "base/log.hpp"
#include "base/posix_error.hpp"
#include "scanner/frame_source.hpp"

namespace scanner {
namespace {

using Clock = std::chrono::steady_clock;

// Signals (the kiosk's SIGCHLD, a debugger) interrupt ioctls; that is no failure.
int xioctl(int fd, unsigned long request, void* arg) {
    int r = 0;
    do {
        r = v4l2_ioctl(fd, request, arg);
    } while (r == -1 && errno == EINTR);
    return r;
}

std::string fourcc_text(std::uint32_t f) {
    std::string s;
    for (int i = 0; i < 4; ++i) s += static_cast<char>((f >> (8 * i)) & 0xff);
    return s;
}

// Where the luma byte of pixel x sits in a row, for the formats we take: packed 4:2:2 has it in
// every other byte, planar and semi-planar formats and GREY start with a plain Y plane.
struct LumaLayout {
    int step = 1;
    int offset = 0;
};

std::optional<LumaLayout> luma_layout(std::uint32_t pixfmt) {
    switch (pixfmt) {
        case V4L2_PIX_FMT_YUYV:
        case V4L2_PIX_FMT_YVYU:
            return LumaLayout{2, 0};
        case V4L2_PIX_FMT_UYVY:
        case V4L2_PIX_FMT_VYUY:
            return LumaLayout{2, 1};
        case V4L2_PIX_FMT_GREY:
        case V4L2_PIX_FMT_YUV420:
        case V4L2_PIX_FMT_YVU420:
        case V4L2_PIX_FMT_NV12:
        case V4L2_PIX_FMT_NV21:
            return LumaLayout{1, 0};
        default:
            return std::nullopt;
    }
}

class V4l2Camera final : public FrameSource {
  public:
    explicit V4l2Camera(CameraOptions options)
        : options_(std::move(options)), name_(options_.device) {}
    ~V4l2Camera() override { close_device(); }
    V4l2Camera(const V4l2Camera&) = delete;
    V4l2Camera& operator=(const V4l2Camera&) = delete;

    std::expected<void, std::string> start();
    std::expected<std::optional<GrayImage>, std::string> next_frame() override;
    bool lost() const override { return lost_; }
    const std::string& name() const override { return name_; }

  private:
    struct Buffer {
        void* start = nullptr;
        std::size_t length = 0;
    };

    std::string failure(std::string_view what, int err) const {
        return name_ + ": " + std::string(what) + " (" + base::errno_text(err) + ")";
    }
    std::string lose(std::string message) {
        lost_ = true;
        return message;
    }
    bool requeue(v4l2_buffer& buf) { return xioctl(fd_, VIDIOC_QBUF, &buf) == 0; }
    GrayImage copy_luma(const v4l2_buffer& buf) const;
    void close_device();

    CameraOptions options_;
    std::string name_;
    int fd_ = -1;
    std::vector<Buffer> buffers_;
    bool streaming_ = false;
    bool lost_ = false;
    std::uint32_t pixfmt_ = 0, width_ = 0, height_ = 0, stride_ = 0;
    LumaLayout layout_;
    Clock::time_point last_frame_;
};

std::expected<void, std::string> V4l2Camera::start() {
    // Non-blocking, so next_frame() never holds up the scan worker's stop; close-on-exec, so
    // a child process (a print helper) does not keep the camera busy after the kiosk exits.
    // Opened and checked with plain syscalls first, then handed to libv4l2: libv4l2's own open
    // prints to stderr for anything that is not a camera and loses the reason.
    const int raw = ::open(name_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (raw < 0) return std::unexpected(base::device_open_error(name_, errno).message);
    v4l2_capability cap{};
    int r = 0;
    do {
        r = ::ioctl(raw, VIDIOC_QUERYCAP, &cap);
    } while (r == -1 && errno == EINTR);
    if (r != 0) {
        ::close(raw);
        return std::unexpected(name_ + ": not a V4L2 camera");
    }
    const std::uint32_t caps =
        (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) {
        ::close(raw);
        // USB cameras register a second /dev/video node for metadata; that one is no camera.
        return std::unexpected(name_ + ": not a video capture device (a metadata node?)");
    }
    if (!(caps & V4L2_CAP_STREAMING)) {
        ::close(raw);
        return std::unexpected(name_ + ": the camera cannot stream to memory buffers");
    }
    fd_ = v4l2_fd_open(raw, 0);
    if (fd_ < 0) {
        const int err = errno;
        ::close(raw);
        return std::unexpected(failure("cannot open the camera", err));
    }

    // YUYV first: most UVC cameras give it natively. Else YUV420, which libv4l2 can always make
    // from the camera's MJPEG. What the driver settles on is in the returned format.
    bool have_format = false;
    for (const std::uint32_t want : {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_YUV420}) {
        v4l2_format fmt{};
        fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        fmt.fmt.pix.width = static_cast<std::uint32_t>(options_.width);
        fmt.fmt.pix.height = static_cast<std::uint32_t>(options_.height);
        fmt.fmt.pix.pixelformat = want;
        fmt.fmt.pix.field = V4L2_FIELD_ANY;
        if (xioctl(fd_, VIDIOC_S_FMT, &fmt) != 0) continue;
        const auto layout = luma_layout(fmt.fmt.pix.pixelformat);
        if (!layout) continue;
        pixfmt_ = fmt.fmt.pix.pixelformat;
        width_ = fmt.fmt.pix.width;
        height_ = fmt.fmt.pix.height;
        layout_ = *layout;
        stride_ = fmt.fmt.pix.bytesperline;
        if (stride_ < width_ * static_cast<std::uint32_t>(layout_.step)) {
            stride_ = width_ * static_cast<std::uint32_t>(layout_.step);
        }
        have_format = true;
        break;
    }
    if (!have_format) {
        return std::unexpected(name_ + ": the camera offers no picture format the kiosk can use");
    }
    if (width_ == 0 || height_ == 0 || std::size_t{width_} * height_ > 50'000'000) {
        return std::unexpected(name_ + ": the camera reports an impossible frame size " +
                               std::to_string(width_) + "x" + std::to_string(height_));
    }

    // A code needs a few sharp frames, not 30 a second: fewer frames, less CPU and USB
    // bandwidth. Drivers that cannot change the rate keep theirs; the scan worker paces anyway.
    v4l2_streamparm parm{};
    parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    parm.parm.capture.timeperframe.numerator = 1;
    parm.parm.capture.timeperframe.denominator = static_cast<std::uint32_t>(options_.fps);
    if (xioctl(fd_, VIDIOC_S_PARM, &parm) != 0) {
        base::log::debug("scanner", name_, ": frame rate not settable (", base::errno_text(errno),
                         ")");
    }

    v4l2_requestbuffers req{};
    req.count = static_cast<std::uint32_t>(options_.buffers);
    req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    req.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_REQBUFS, &req) != 0) {
        return std::unexpected(failure("cannot get capture buffers", errno));
    }
    if (req.count < 2) return std::unexpected(name_ + ": not enough capture buffers");

    for (std::uint32_t i = 0; i < req.count; ++i) {
        v4l2_buffer buf{};
        buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buf.memory = V4L2_MEMORY_MMAP;
        buf.index = i;
        if (xioctl(fd_, VIDIOC_QUERYBUF, &buf) != 0) {
            return std::unexpected(failure("cannot query a capture buffer", errno));
        }
        void* p = v4l2_mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_,
                            static_cast<off_t>(buf.m.offset));
        if (p == MAP_FAILED) return std::unexpected(failure("cannot map a capture buffer", errno));
        buffers_.push_back({p, buf.length});
        if (!requeue(buf)) return std::unexpected(failure("cannot queue a capture buffer", errno));
    }

    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) {
        return std::unexpected(failure("cannot start streaming", errno));
    }
    streaming_ = true;
    last_frame_ = Clock::now();
    base::log::info("scanner", name_, ": ", width_, "x", height_, " ", fourcc_text(pixfmt_), ", ",
                    buffers_.size(), " buffers, asked for ", options_.fps, " fps");
    return {};
}

GrayImage V4l2Camera::copy_luma(const v4l2_buffer& buf) const {
    GrayImage img;
    const auto& mem = buffers_[buf.index];
    const std::size_t used =
        buf.bytesused ? std::min<std::size_t>(buf.bytesused, mem.length) : mem.length;
    const auto step = static_cast<std::size_t>(layout_.step);
    const std::size_t need = std::size_t{stride_} * (height_ - 1) + step * width_;
    // A short buffer is a frame the driver cut off (USB hiccup): skip it, the next one will do.
    if (used < need) return img;
    img.width = static_cast<int>(width_);
    img.height = static_cast<int>(height_);
    img.pixels.resize(std::size_t{width_} * height_);
    const auto* src = static_cast<const std::uint8_t*>(mem.start);
    for (std::size_t y = 0; y < height_; ++y) {
        const std::uint8_t* row = src + y * stride_ + static_cast<std::size_t>(layout_.offset);
        std::uint8_t* out = img.pixels.data() + y * width_;
        if (step == 1) {
            std::memcpy(out, row, width_);
        } else {
            for (std::size_t x = 0; x < width_; ++x) out[x] = row[x * step];
        }
    }
    return img;
}

std::expected<std::optional<GrayImage>, std::string> V4l2Camera::next_frame() {
    if (lost_ || fd_ < 0) return std::unexpected(name_ + ": camera lost; it must be opened again");

    // Take every finished buffer and keep only the newest: after a slow decode the queue holds
    // old frames, and a code shown now should be read now.
    std::optional<v4l2_buffer> newest;
    for (;;) {
        v4l2_buffer buf{};
        buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buf.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_DQBUF, &buf) != 0) {
            const int err = errno;
            if (err == EAGAIN) break;
            // EIO: a lost frame or a signal glitch; the stall watchdog below catches it if it
            // lasts.
            if (err == EIO) break;
            if (err == ENODEV || err == ENXIO) {
                return std::unexpected(lose(name_ + ": camera unplugged"));
            }
            return std::unexpected(lose(failure("camera stopped working", err)));
        }
        if (buf.index >= buffers_.size()) {
            return std::unexpected(lose(name_ + ": the driver returned an unknown buffer"));
        }
        if (newest && !requeue(*newest)) {
            return std::unexpected(lose(failure("cannot queue a capture buffer", errno)));
        }
        newest = buf;
    }

    const auto now = Clock::now();
    if (!newest) {
        // Some cameras, when their cable is half out, stop delivering without any error.
        if (now - last_frame_ > std::chrono::seconds(options_.stall_seconds)) {
            return std::unexpected(
                lose(name_ + ": no frames for " + std::to_string(options_.stall_seconds) + " s"));
        }
        return std::nullopt;
    }
    last_frame_ = now;
    GrayImage img;
    if (!(newest->flags & V4L2_BUF_FLAG_ERROR)) img = copy_luma(*newest);
    if (!requeue(*newest))
        return std::unexpected(lose(failure("cannot queue a capture buffer", errno)));
    if (img.pixels.empty()) return std::nullopt;
    return std::optional<GrayImage>(std::move(img));
}

void V4l2Camera::close_device() {
    if (fd_ < 0) return;
    if (streaming_) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(fd_, VIDIOC_STREAMOFF, &type);
        streaming_ = false;
    }
    for (const auto& b : buffers_) v4l2_munmap(b.start, b.length);
    buffers_.clear();
    v4l2_close(fd_);
    fd_ = -1;
}

}  // namespace

std::expected<FrameSourcePtr, std::string> open_camera(const CameraOptions& options) {
    // Out-of-range settings from a config file get sane values rather than a divide by zero.
    CameraOptions o = options;
    o.width = std::clamp(o.width, 160, 7680);
    o.height = std::clamp(o.height, 120, 4320);
    o.fps = std::clamp(o.fps, 1, 60);
    o.buffers = std::clamp(o.buffers, 2, 8);
    o.stall_seconds = std::max(o.stall_seconds, 1);
    auto camera = std::make_unique<V4l2Camera>(std::move(o));
    if (auto started = camera->start(); !started) return std::unexpected(started.error());
    return FrameSourcePtr(std::move(camera));
}

}  // namespace scanner
