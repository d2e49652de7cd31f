// The scan sources behind one interface.
#include "scanner/scan_source.hpp"

#include <atomic>
#include <utility>

#include "scanner/card_watch.hpp"
#include "scanner/device_scanner.hpp"
#include "scanner/frame_source.hpp"
#include "scanner/scan_worker.hpp"

namespace scanner {
namespace {

struct Spec {
    std::string_view kind;
    std::string_view target;
};

std::expected<Spec, std::string> split_spec(std::string_view spec) {
    const auto colon = spec.find(':');
    if (colon == std::string_view::npos || colon + 1 == spec.size()) {
        return std::unexpected("\"" + std::string(spec) +
                               "\": expected serial:DEVICE, evdev:DEVICE, camera:DEVICE, files:DIR "
                               "or idcard:DEVICE");
    }
    const Spec s{spec.substr(0, colon), spec.substr(colon + 1)};
    if (s.kind != "serial" && s.kind != "evdev" && s.kind != "camera" && s.kind != "files" &&
        s.kind != "idcard") {
        return std::unexpected("\"" + std::string(spec) + "\": unknown kind \"" +
                               std::string(s.kind) + "\" (serial, evdev, camera, files or idcard)");
    }
    return s;
}

class DeviceSource final : public ScanSource {
  public:
    DeviceSource(std::unique_ptr<DeviceScanner> scanner, std::string what)
        : scanner_(std::move(scanner)), what_(std::move(what)) {}
    std::string describe() const override { return what_; }

  private:
    std::unique_ptr<DeviceScanner> scanner_;
    std::string what_;
};

// The scan worker queues codes and says when; this hands each to the callback at once.
class CameraSource final : public ScanSource {
  public:
    CameraSource(ScanWorker::Opener open, SourceCallback on_event, std::string what)
        : on_event_(std::move(on_event)), what_(std::move(what)) {
        ScanWorkerOptions o;
        o.on_code = [this] { hand_over(); };
        o.on_error = [this](const std::string& message) { on_event_({{}, {}, message}); };
        worker_ = std::make_unique<ScanWorker>(std::move(open), std::move(o));
        ready_.store(true);
        hand_over();  // anything read before the worker pointer was set
    }
    ~CameraSource() override { worker_.reset(); }
    std::string describe() const override { return what_; }

  private:
    void hand_over() {
        if (!ready_.load()) return;
        for (auto& code : worker_->take()) on_event_({std::move(code.text), {}, {}});
    }

    SourceCallback on_event_;
    std::string what_;
    std::atomic<bool> ready_{false};
    std::unique_ptr<ScanWorker> worker_;
};

class CardSource final : public ScanSource {
  public:
    CardSource(CardReaderOptions options, SourceCallback on_event)
        : what_("ID card reader on " + options.device),
          watch_(std::move(options), [cb = std::move(on_event)](CardWatch::Event e) {
              cb({{}, std::move(e.card), std::move(e.problem)});
          }) {}
    std::string describe() const override { return what_; }

  private:
    std::string what_;
    CardWatch watch_;
};

}  // namespace

std::expected<void, std::string> check_source_spec(std::string_view spec) {
    auto s = split_spec(spec);
    if (!s) return std::unexpected(s.error());
    return {};
}

std::expected<std::unique_ptr<ScanSource>, std::string> open_source(std::string_view spec,
                                                                    SourceCallback on_event) {
    auto s = split_spec(spec);
    if (!s) return std::unexpected(s.error());
    if (!on_event) on_event = [](SourceEvent) {};
    const std::string target(s->target);
    if (s->kind == "serial" || s->kind == "evdev") {
        const bool serial = s->kind == "serial";
        auto scanner =
            DeviceScanner::start(serial ? DeviceScanner::Kind::serial : DeviceScanner::Kind::evdev,
                                 target, [cb = std::move(on_event)](DeviceScan scan) {
                                     cb({std::move(scan.payload), {}, std::move(scan.problem)});
                                 });
        if (!scanner) return std::unexpected(scanner.error());
        return std::make_unique<DeviceSource>(std::move(*scanner),
                                              std::string(s->kind) + " scanner on " + target);
    }
    if (s->kind == "camera" || s->kind == "files") {
        const bool files = s->kind == "files";
        ScanWorker::Opener open = [files, target]() -> std::expected<FrameSourcePtr, std::string> {
            if (!files) return open_camera({target});
            auto source = FileFrameSource::open(target);
            if (!source) return std::unexpected(source.error());
            return FrameSourcePtr(std::move(*source));
        };
        return std::make_unique<CameraSource>(std::move(open), std::move(on_event),
                                              (files ? "frames from " : "camera ") + target);
    }
    return std::make_unique<CardSource>(CardReaderOptions{target}, std::move(on_event));
}

}  // namespace scanner
