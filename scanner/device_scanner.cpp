// Scanners on devices of their own: evdev (grabbed) and serial HID-POS.
#include "scanner/device_scanner.hpp"

#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/device_error.hpp"
#include "base/posix_error.hpp"
#include "base/serial_line.hpp"
#include "base/wake_pipe.hpp"
#include "scanner/payload_text.hpp"

namespace scanner {

std::vector<DeviceScan> SerialDecoder::feed(std::span<const std::uint8_t> bytes) {
    std::vector<DeviceScan> out;
    for (const auto b : bytes) {
        if (b == '\r' || b == '\n') {
            if (overflowed_) {
                overflowed_ = false;
            } else if (!buffer_.empty()) {
                out.push_back({payload_text(buffer_), std::nullopt});
            }
            buffer_.clear();
            continue;
        }
        if (overflowed_) continue;
        buffer_.push_back(b);
        if (buffer_.size() > max_) {
            out.push_back({{},
                           "serial scanner sent more than " + std::to_string(max_) +
                               " bytes without an end; dropped"});
            buffer_.clear();
            overflowed_ = true;
        }
    }
    return out;
}

namespace {

// US layout: what a scanner in keyboard mode types. Index by key code.
char key_char(unsigned code, bool shift) {
    static constexpr const char* kDigits = "1234567890";
    static constexpr const char* kDigitsShift = "!@#$%^&*()";
    if (code >= KEY_1 && code <= KEY_0) return (shift ? kDigitsShift : kDigits)[code - KEY_1];
    struct Row {
        unsigned first;
        const char* plain;
        const char* shifted;
    };
    static constexpr Row kRows[] = {{KEY_Q, "qwertyuiop[]", "QWERTYUIOP{}"},
                                    {KEY_A, "asdfghjkl;'`", "ASDFGHJKL:\"~"},
                                    {KEY_Z, "zxcvbnm,./", "ZXCVBNM<>?"}};
    for (const auto& r : kRows) {
        const auto n = static_cast<unsigned>(std::strlen(r.plain));
        if (code >= r.first && code < r.first + n)
            return (shift ? r.shifted : r.plain)[code - r.first];
    }
    switch (code) {
        case KEY_MINUS:
            return shift ? '_' : '-';
        case KEY_EQUAL:
            return shift ? '+' : '=';
        case KEY_BACKSLASH:
            return shift ? '|' : '\\';
        case KEY_SPACE:
            return ' ';
        case KEY_KP0:
            return '0';
        case KEY_KP1:
            return '1';
        case KEY_KP2:
            return '2';
        case KEY_KP3:
            return '3';
        case KEY_KP4:
            return '4';
        case KEY_KP5:
            return '5';
        case KEY_KP6:
            return '6';
        case KEY_KP7:
            return '7';
        case KEY_KP8:
            return '8';
        case KEY_KP9:
            return '9';
        case KEY_KPMINUS:
            return '-';
        case KEY_KPPLUS:
            return '+';
        case KEY_KPDOT:
            return '.';
        case KEY_KPSLASH:
            return '/';
        case KEY_KPASTERISK:
            return '*';
        default:
            return 0;
    }
}

}  // namespace

std::vector<DeviceScan> EvdevDecoder::feed(std::span<const std::uint8_t> raw) {
    std::vector<DeviceScan> out;
    pending_.insert(pending_.end(), raw.begin(), raw.end());
    std::size_t at = 0;
    while (pending_.size() - at >= sizeof(input_event)) {
        input_event ev{};
        std::memcpy(&ev, pending_.data() + at, sizeof ev);
        at += sizeof ev;
        if (ev.type == EV_KEY) key(ev.code, ev.value, out);
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(at));
    return out;
}

void EvdevDecoder::key(unsigned code, int value, std::vector<DeviceScan>& out) {
    if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) {
        shift_ = value != 0;
        return;
    }
    if (value != 1) return;  // releases and auto-repeat
    if (code == KEY_ENTER || code == KEY_KPENTER) {
        if (!overflowed_ && !text_.empty()) out.push_back({text_, std::nullopt});
        text_.clear();
        overflowed_ = false;
        return;
    }
    if (overflowed_) return;
    if (const char c = key_char(code, shift_)) text_ += c;
    if (text_.size() > max_) {
        out.push_back({{},
                       "scanner sent more than " + std::to_string(max_) +
                           " characters without Enter; dropped"});
        text_.clear();
        overflowed_ = true;
    }
}

DeviceScanner::DeviceScanner(Kind kind, std::string device, Callback cb)
    : kind_(kind), device_(std::move(device)), on_scan_(std::move(cb)) {}

std::expected<std::unique_ptr<DeviceScanner>, std::string> DeviceScanner::start(Kind kind,
                                                                                std::string device,
                                                                                Callback on_scan) {
    std::unique_ptr<DeviceScanner> s(
        new DeviceScanner(kind, std::move(device), std::move(on_scan)));
    auto wake = base::WakePipe::open();
    if (!wake) return std::unexpected(wake.error());
    s->wake_ = std::move(*wake);
    s->thread_ = std::thread([p = s.get()] { p->run(); });
    return s;
}

DeviceScanner::~DeviceScanner() {
    wake_.wake();
    if (thread_.joinable()) thread_.join();
}

int DeviceScanner::open_device(std::string& problem) {
    const int fd = ::open(device_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC |
                                               (kind_ == Kind::serial ? O_NOCTTY : 0));
    if (fd < 0) {
        problem = base::device_open_error(device_, errno, "is the scanner plugged in?").message;
        return -1;
    }
    if (kind_ == Kind::evdev) {
        // Grabbed: the scanner's keys go to us alone, never into whatever the UI has focused.
        const int err = ::ioctl(fd, EVIOCGRAB, 1) != 0 ? errno : 0;
        if (err != 0 && err != ENOTTY && err != EINVAL) {
            problem = device_ + ": cannot grab (" + base::errno_text(err) +
                      "); its keys may also reach the screen";
        }
    } else {
        // A line that is no tty (a FIFO in tests) is read as it is.
        (void)base::set_raw_mode(fd, device_, {.discard_input = false});
    }
    return fd;
}

void DeviceScanner::run() {
    SerialDecoder serial;
    EvdevDecoder evdev;
    int fd = -1;
    std::string last_problem;
    while (true) {
        if (fd < 0) {
            std::string problem;
            fd = open_device(problem);
            if (!problem.empty() && problem != last_problem) on_scan_({{}, problem});
            last_problem = problem;
        }
        // A missing device is looked for again every few seconds; the wake pipe ends the wait.
        const auto waited = wake_.wait(fd, fd >= 0 ? -1 : 3000);
        if (waited == base::WakePipe::Waited::woken) break;
        if (waited != base::WakePipe::Waited::readable) continue;
        std::uint8_t buf[1024];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            const std::span bytes(buf, static_cast<std::size_t>(n));
            for (auto& scan : kind_ == Kind::serial ? serial.feed(bytes) : evdev.feed(bytes))
                on_scan_(std::move(scan));
        } else if (const int err = n < 0 ? errno : 0; n == 0 || (err != EAGAIN && err != EINTR)) {
            // Unplugged: say so once, then look for it again.
            on_scan_({{},
                      device_ + ": " + (n == 0 ? std::string("closed") : base::errno_text(err)) +
                          "; waiting for the scanner to come back"});
            ::close(fd);
            fd = -1;
            last_problem.clear();
        }
    }
    if (fd >= 0) ::close(fd);
}

}  // namespace scanner
