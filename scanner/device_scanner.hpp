// Scanners that are devices of their own rather than keys among the keyboard's: a USB keyboard-
// wedge scanner found by its evdev node (grabbed, so its keys never reach the UI, and taken as a
// scanner outright), and a scanner in serial/HID-POS mode on /dev/ttyACM*, which sends Chinese
// too. Each runs a thread and hands over whole payloads.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "base/wake_pipe.hpp"

namespace scanner {

struct DeviceScan {
    std::string payload;                 // UTF-8
    std::optional<std::string> problem;  // instead of a payload: what went wrong, for the log
};

// Turns a serial scanner's bytes into payloads: a payload ends at CR or LF; bytes are UTF-8 or,
// failing that, GB18030. A run of more than `max_bytes` without an end is dropped with a problem.
class SerialDecoder {
  public:
    explicit SerialDecoder(std::size_t max_bytes = 4096) : max_(max_bytes) {}
    std::vector<DeviceScan> feed(std::span<const std::uint8_t> bytes);

  private:
    std::vector<std::uint8_t> buffer_;
    std::size_t max_;
    bool overflowed_ = false;
};

// Turns Linux input events (struct input_event, as read from /dev/input/eventN) into payloads:
// key presses with Shift on a US layout, ended by Enter.
class EvdevDecoder {
  public:
    explicit EvdevDecoder(std::size_t max_chars = 4096) : max_(max_chars) {}
    std::vector<DeviceScan> feed(std::span<const std::uint8_t> raw_events);

  private:
    void key(unsigned code, int value, std::vector<DeviceScan>& out);
    std::vector<std::uint8_t> pending_;  // part of an event struct split across reads
    std::string text_;
    bool shift_ = false;
    bool overflowed_ = false;
    std::size_t max_;
};

class DeviceScanner {
  public:
    using Callback = std::function<void(DeviceScan)>;
    enum class Kind { evdev, serial };

    // `device`: /dev/input/by-id/...-event-kbd (evdev) or /dev/ttyACM0 (serial). A device that
    // is missing or goes away is reported and opened again every few seconds.
    static std::expected<std::unique_ptr<DeviceScanner>, std::string> start(Kind kind,
                                                                            std::string device,
                                                                            Callback on_scan);
    ~DeviceScanner();
    DeviceScanner(const DeviceScanner&) = delete;
    DeviceScanner& operator=(const DeviceScanner&) = delete;

  private:
    DeviceScanner(Kind kind, std::string device, Callback cb);
    void run();
    int open_device(std::string& problem);

    Kind kind_;
    std::string device_;
    Callback on_scan_;
    base::WakePipe wake_;  // stops the thread
    std::thread thread_;
};

}  // namespace scanner
