// Tests scanner/frame_source, scanner/camera_v4l2 and scanner/scan_worker: files come in name
// order and bad ones are error values, a missing camera is named, and the scan worker reports
// each code once, keeps going after errors and keeps to its frame rate.
#include <doctest/doctest.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "printer/qr_code.hpp"
#include "scanner/frame_source.hpp"
#include "scanner/scan_worker.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using scanner::GrayImage;

namespace {

GrayImage render_text(std::string_view text, int module_px = 4) {
    auto qr = printer::encode_qr(text);
    REQUIRE(qr);
    const int quiet = 4 * module_px;
    GrayImage img;
    img.width = img.height = qr->size * module_px + 2 * quiet;
    img.pixels.assign(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height),
                      255);
    for (int y = 0; y < qr->size * module_px; ++y) {
        for (int x = 0; x < qr->size * module_px; ++x) {
            if (qr->dark(x / module_px, y / module_px)) {
                img.pixels[static_cast<std::size_t>((y + quiet) * img.width + x + quiet)] = 0;
            }
        }
    }
    return img;
}

void write_png(const fs::path& path, const GrayImage& img) {
    REQUIRE(stbi_write_png(path.c_str(), img.width, img.height, 1, img.pixels.data(), img.width) !=
            0);
}

std::string first_text(const GrayImage& img) {
    const auto codes = scanner::read_codes(img);
    return codes.empty() ? std::string() : codes[0].text;
}

// A fresh folder under /tmp, removed with everything in it at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        static int counter = 0;
        path = fs::temp_directory_path() / ("mingbai-scanner-test-" + std::to_string(::getpid()) +
                                            "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// A source the test scripts: serves frames from a list (the last one repeats, or nullopt when
// `repeat_last` is false), errors where the list says so, and counts what it served.
class ScriptedSource final : public scanner::FrameSource {
  public:
    struct Step {
        std::optional<GrayImage> frame;
        std::string error;  // non-empty: this step is an error value
        int times = 1;
    };
    explicit ScriptedSource(std::vector<Step> steps) : steps_(std::move(steps)) {}

    std::expected<std::optional<GrayImage>, std::string> next_frame() override {
        ++served;
        while (step_ + 1 < steps_.size() && used_ >= steps_[step_].times) {
            ++step_;
            used_ = 0;
        }
        ++used_;
        const auto& s = steps_[step_];
        if (!s.error.empty()) return std::unexpected(s.error);
        return s.frame;
    }
    const std::string& name() const override { return name_; }

    std::atomic<int> served{0};

  private:
    std::vector<Step> steps_;
    std::size_t step_ = 0;
    int used_ = 0;
    std::string name_ = "scripted";
};

// Collects codes from a worker until `count` have come or 10 s pass.
std::vector<std::string> collect(scanner::ScanWorker& worker, std::size_t count) {
    std::vector<std::string> out;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
        for (auto& c : worker.wait_and_take(100ms)) out.push_back(c.text);
    }
    return out;
}

}  // namespace

TEST_CASE("a folder source returns its files in name order, each once") {
    TempDir dir;
    write_png(dir.path / "frame_10.png", render_text("third"));
    write_png(dir.path / "frame_01.png", render_text("first"));
    write_png(dir.path / "frame_02.png", render_text("second"));
    std::ofstream(dir.path / ".hidden") << "not a frame";
    fs::create_directory(dir.path / "sub");

    auto src = scanner::FileFrameSource::open(dir.path);
    REQUIRE(src);
    CHECK((*src)->files().size() == 3);
    std::vector<std::string> seen;
    for (int i = 0; i < 3; ++i) {
        auto frame = (*src)->next_frame();
        REQUIRE(frame);
        REQUIRE(*frame);
        seen.push_back(first_text(**frame));
    }
    CHECK(seen == std::vector<std::string>{"first", "second", "third"});
    for (int i = 0; i < 2; ++i) {
        auto end = (*src)->next_frame();
        REQUIRE(end);
        CHECK_FALSE(*end);
    }
    CHECK_FALSE((*src)->lost());
}

TEST_CASE("a looping source starts again, a single looping file repeats") {
    TempDir dir;
    write_png(dir.path / "a.png", render_text("A"));
    write_png(dir.path / "b.png", render_text("B"));
    auto src = scanner::FileFrameSource::open(dir.path, {.loop = true});
    REQUIRE(src);
    std::string order;
    for (int i = 0; i < 5; ++i) {
        auto frame = (*src)->next_frame();
        REQUIRE(frame);
        REQUIRE(*frame);
        order += first_text(**frame);
    }
    CHECK(order == "ABABA");

    auto one = scanner::FileFrameSource::open(dir.path / "b.png", {.loop = true});
    REQUIRE(one);
    for (int i = 0; i < 3; ++i) {
        auto frame = (*one)->next_frame();
        REQUIRE(frame);
        REQUIRE(*frame);
        CHECK(first_text(**frame) == "B");
    }
    auto once = scanner::FileFrameSource::open(dir.path / "b.png");
    REQUIRE(once);
    CHECK((*once)->next_frame().value().has_value());
    CHECK_FALSE((*once)->next_frame().value().has_value());
}

TEST_CASE("a file that is not an image is an error value naming it, the folder goes on") {
    TempDir dir;
    write_png(dir.path / "1.png", render_text("one"));
    std::ofstream(dir.path / "2.txt") << "hello, not a picture";
    write_png(dir.path / "3.png", render_text("three"));

    auto src = scanner::FileFrameSource::open(dir.path);
    REQUIRE(src);
    auto f1 = (*src)->next_frame();
    REQUIRE(f1);
    REQUIRE(*f1);
    auto f2 = (*src)->next_frame();
    REQUIRE_FALSE(f2);
    CHECK(f2.error().find("2.txt") != std::string::npos);
    auto f3 = (*src)->next_frame();
    REQUIRE(f3);
    REQUIRE(*f3);
    CHECK(first_text(**f3) == "three");

    auto single = scanner::FileFrameSource::open(dir.path / "2.txt");
    REQUIRE(single);
    auto bad = (*single)->next_frame();
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("2.txt") != std::string::npos);
}

TEST_CASE("missing paths, empty folders and devices are refused at open") {
    TempDir dir;
    auto missing = scanner::FileFrameSource::open(dir.path / "nope.png");
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == (dir.path / "nope.png").string() + ": no such file or folder");
    auto empty = scanner::FileFrameSource::open(dir.path);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().find("no files") != std::string::npos);
    auto device = scanner::FileFrameSource::open("/dev/null");
    REQUIRE_FALSE(device);
    CHECK(device.error() == "/dev/null: not a file or folder");
}

TEST_CASE("a 4K frame is read, an image over 50 megapixels is refused with its size") {
    TempDir dir;
    GrayImage frame{3840, 2160, std::vector<std::uint8_t>(3840 * 2160, 200)};
    write_png(dir.path / "4k.png", frame);
    auto src = scanner::FileFrameSource::open(dir.path / "4k.png");
    REQUIRE(src);
    auto f = (*src)->next_frame();
    REQUIRE(f);
    REQUIRE(*f);
    CHECK((*f)->width == 3840);
    CHECK((*f)->height == 2160);

    // Only the PNG header: a 10000x8000 picture claims 80 MP and must not be allocated.
    const unsigned char header[] = {0x89, 'P',  'N', 'G', '\r', '\n', 0x1a, '\n', 0,    0, 0,
                                    13,   'I',  'H', 'D', 'R',  0,    0,    0x27, 0x10, 0, 0,
                                    0x1f, 0x40, 8,   0,   0,    0,    0,    0,    0,    0, 0};
    std::ofstream(dir.path / "huge.png", std::ios::binary)
        .write(reinterpret_cast<const char*>(header), sizeof header);
    auto huge = scanner::FileFrameSource::open(dir.path / "huge.png");
    REQUIRE(huge);
    auto h = (*huge)->next_frame();
    REQUIRE_FALSE(h);
    CHECK(h.error().find("10000x8000") != std::string::npos);
    CHECK(h.error().find("huge.png") != std::string::npos);
}

TEST_CASE("opening a camera that is not there fails with a message naming it") {
    auto cam = scanner::open_camera({.device = "/dev/video99"});
    REQUIRE_FALSE(cam);
    CHECK(cam.error() == "/dev/video99: no such device");
    auto not_cam = scanner::open_camera({.device = "/dev/null"});
    REQUIRE_FALSE(not_cam);
    CHECK(not_cam.error() == "/dev/null: not a V4L2 camera");
}

TEST_CASE("the scan worker reports a code once while the frame repeats, then a new code") {
    const auto a = render_text("https://mz.example.gov.cn/mingbai/dibao");
    const auto b = render_text("MINGBAI:REQ:A-20261122-0007");
    auto source = std::make_unique<ScriptedSource>(std::vector<ScriptedSource::Step>{
        {a, "", 20}, {std::nullopt, "", 3}, {a, "", 5}, {b, "", 1}});
    auto* src = source.get();
    std::atomic<int> wakes{0};
    scanner::ScanWorker worker(std::move(source),
                               {.dedup_window = 60s, .max_fps = 200, .on_code = [&] { ++wakes; }});
    const auto got = collect(worker, 2);
    CHECK(got == std::vector<std::string>{"https://mz.example.gov.cn/mingbai/dibao",
                                          "MINGBAI:REQ:A-20261122-0007"});
    CHECK(src->served >= 29);  // code A was in 25 of them
    // B keeps repeating (the last step): nothing more is reported.
    CHECK(worker.wait_and_take(200ms).empty());
    worker.stop();
    CHECK(wakes.load() == 2);  // after stop(): on_code runs just after the code is queued
    CHECK(worker.frames_decoded() >= 26);
}

TEST_CASE("a code out of sight for the whole window is reported again") {
    const auto a = render_text("A-again");
    const auto blank = GrayImage{64, 64, std::vector<std::uint8_t>(64 * 64, 255)};
    // 100 blank frames at up to 200 fps: at least half a second without the code.
    auto source = std::make_unique<ScriptedSource>(std::vector<ScriptedSource::Step>{
        {a, "", 1}, {blank, "", 100}, {a, "", 1}, {blank, "", 1}});
    scanner::ScanWorker worker(std::move(source), {.dedup_window = 100ms, .max_fps = 200});
    CHECK(collect(worker, 2) == std::vector<std::string>{"A-again", "A-again"});
}

TEST_CASE("source errors are reported once each and scanning goes on") {
    const auto a = render_text("after the error");
    std::mutex m;
    std::vector<std::string> errors;
    // Two broken files taking turns, as in a looping folder: each is reported once.
    auto source = std::make_unique<ScriptedSource>(
        std::vector<ScriptedSource::Step>{{std::nullopt, "frames/2.png: not an image", 1},
                                          {std::nullopt, "frames/5.png: truncated", 1},
                                          {std::nullopt, "frames/2.png: not an image", 1},
                                          {std::nullopt, "frames/5.png: truncated", 1},
                                          {a, "", 1}});
    scanner::ScanWorker worker(std::move(source),
                               {.max_fps = 200, .on_error = [&](const std::string& e) {
                                    std::lock_guard lock(m);
                                    errors.push_back(e);
                                }});
    CHECK(collect(worker, 1) == std::vector<std::string>{"after the error"});
    CHECK_FALSE(worker.last_error());  // frames flow again
    worker.stop();
    std::lock_guard lock(m);
    CHECK(errors ==
          std::vector<std::string>{"frames/2.png: not an image", "frames/5.png: truncated"});
}

TEST_CASE("the scan worker plays a folder of frames through an opener") {
    TempDir dir;
    write_png(dir.path / "frame_1.png", render_text("first"));
    write_png(dir.path / "frame_2.png", render_text("second"));
    const auto path = dir.path;
    scanner::ScanWorker worker(
        [path]() -> scanner::ScanWorker::Opener::result_type {
            return scanner::FileFrameSource::open(path);
        },
        {.max_fps = 100});
    CHECK(collect(worker, 2) == std::vector<std::string>{"first", "second"});
}

TEST_CASE("a missing camera is reported once, by name, and tried again") {
    std::mutex m;
    std::condition_variable cv;
    int attempts = 0;
    std::vector<std::string> errors;
    {
        scanner::ScanWorker worker(
            [&]() {
                {
                    std::lock_guard lock(m);
                    ++attempts;
                }
                cv.notify_all();
                return scanner::open_camera({.device = "/dev/video99"});
            },
            {.reopen_interval = 10ms, .on_error = [&](const std::string& e) {
                 std::lock_guard lock(m);
                 errors.push_back(e);
             }});
        std::unique_lock lock(m);
        CHECK(cv.wait_for(lock, 10s, [&] { return attempts >= 3; }));
        lock.unlock();
        CHECK(worker.last_error() == "/dev/video99: no such device");
    }  // the destructor stops the worker while it waits to try again
    CHECK(errors == std::vector<std::string>{"/dev/video99: no such device"});
}

TEST_CASE("the scan worker keeps to its frame rate") {
    const auto blank = GrayImage{64, 64, std::vector<std::uint8_t>(64 * 64, 255)};
    auto source =
        std::make_unique<ScriptedSource>(std::vector<ScriptedSource::Step>{{blank, "", 1}});
    auto* src = source.get();
    const auto start = std::chrono::steady_clock::now();
    scanner::ScanWorker worker(std::move(source), {.max_fps = 20});
    // Wait on the worker's queue (nothing will come) until 11 frames were served: at 20 fps the
    // 11th frame is due 500 ms after the first, and the schedule never runs ahead.
    while (src->served < 11 && std::chrono::steady_clock::now() - start < 10s) {
        CHECK(worker.wait_and_take(20ms).empty());
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    worker.stop();
    CHECK(src->served >= 11);
    CHECK(elapsed >= 490ms);
}
