// Every device a code or an ID can come from, behind one small interface and one factory from
// the config's spec strings, as printer::open_transport is for printers:
//   "serial:/dev/ttyACM0"           a scanner in serial (HID-POS) mode
//   "evdev:/dev/input/by-id/…-kbd"  a keyboard-wedge scanner grabbed by its input node
//   "camera:/dev/video0"            a V4L2 camera, decoded with ZXing
//   "files:DIR"                     frames from a folder of images (the camera's stand-in)
//   "idcard:/dev/ttyUSB0"           a GA 467 ID card reader
// Each source runs a thread of its own and reports through its callback, from that thread.
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "scanner/id_number.hpp"

namespace scanner {

struct SourceEvent {
    std::string payload;                 // what a scanner or camera read (UTF-8)
    std::optional<IdNumber> card;        // what a card reader read: the card's number
    std::optional<std::string> problem;  // instead: what went wrong, for the log (no payload)
};
using SourceCallback = std::function<void(SourceEvent)>;

class ScanSource {
  public:
    virtual ~ScanSource() = default;  // stops the thread; no callback after it returns
    // "serial scanner on /dev/ttyACM0", for logs and staff.
    virtual std::string describe() const = 0;
};

// Checks a spec's form without opening anything (for `config check`).
std::expected<void, std::string> check_source_spec(std::string_view spec);

// Starts the source's thread. A device that is missing or goes away is reported through the
// callback and opened again until it appears (a scanner plugged in later just works); only a
// spec that cannot be right is an error here.
std::expected<std::unique_ptr<ScanSource>, std::string> open_source(std::string_view spec,
                                                                    SourceCallback on_event);

}  // namespace scanner
