// Tests scanner/frame_source, scanner/camera_v4l2 and scanner/scan_worker: files come in name
// order, bad ones are error values, large ones are refused or shrunk so a scan's memory stays
// bounded, a missing camera is named, and the scan worker reports each code once, keeps going
// after errors and keeps to its frame rate.
#include <doctest/doctest.h>
#include <stb_image_write.h>

#include "support/png_header.hpp"
#include "support/temp_dir.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
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
    test::TempDir dir("scanner-test");
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
    test::TempDir dir("scanner-test");
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
    test::TempDir dir("scanner-test");
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
    test::TempDir dir("scanner-test");
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

TEST_CASE("a 4K frame is read as it is, an image over 24 megapixels is refused from its header") {
    test::TempDir dir("scanner-test");
    GrayImage frame{3840, 2160, std::vector<std::uint8_t>(3840 * 2160, 200)};
    write_png(dir.path / "4k.png", frame);
    auto src = scanner::FileFrameSource::open(dir.path / "4k.png");
    REQUIRE(src);
    auto f = (*src)->next_frame();
    REQUIRE(f);
    REQUIRE(*f);
    CHECK((*f)->width == 3840);
    CHECK((*f)->height == 2160);

    // Only the PNG header: a 7070x7070 RGBA picture claims 50 MP and must not be decoded at all
    // (it took seconds and 400 MB before the limit was lowered).
    test::write_png_header(dir.path / "huge.png", 7070, 7070, 6);
    auto huge = scanner::FileFrameSource::open(dir.path / "huge.png");
    REQUIRE(huge);
    auto h = (*huge)->next_frame();
    REQUIRE_FALSE(h);
    CHECK(h.error() == (dir.path / "huge.png").string() +
                           ": 7070x7070 (50.0 megapixels) is too large to scan; at most 24.0 "
                           "megapixels, more than any camera frame or scanned page");
}

TEST_CASE("a picture whose decoding would take more than a scan may is refused, naming why") {
    test::TempDir dir("scanner-test");
    // 3000x2500 RGBA: 7.5 MP, but a PNG decoder holds the inflated rows and the pixels, 4 bytes
    // a pixel each: 60 MB.
    std::vector<std::uint8_t> rgba(std::size_t{3000} * 2500 * 4, 255);
    REQUIRE(stbi_write_png((dir.path / "big-rgba.png").c_str(), 3000, 2500, 4, rgba.data(),
                           3000 * 4) != 0);
    auto src = scanner::FileFrameSource::open(dir.path / "big-rgba.png");
    REQUIRE(src);
    auto f = (*src)->next_frame();
    REQUIRE_FALSE(f);
    CHECK(f.error() == (dir.path / "big-rgba.png").string() +
                           ": 3000x2500 needs more than 48 MiB to decode, more than a scan may "
                           "take (a JPEG or a smaller picture of it will do)");
}

TEST_CASE("a code in a 4000x3000 photo is read from a working image of a quarter the pixels") {
    test::TempDir dir("scanner-test");
    // A photo of a printed sheet: a shaded, noisy desk, the sheet a little grey, the code on it
    // with 14-pixel modules, saved as a phone would, JPEG at quality 85.
    const int w = 4000, h = 3000;
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * h * 3);
    std::mt19937 rng(11);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const int base = 60 + (x + y) * 80 / (w + h) + static_cast<int>(rng() % 24);
            auto* p = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
            p[0] = static_cast<std::uint8_t>(base + 20);
            p[1] = static_cast<std::uint8_t>(base + 10);
            p[2] = static_cast<std::uint8_t>(base);
        }
    }
    const auto code = render_text("https://mz.example.gov.cn/mingbai/dibao", 14);
    const int x0 = 2300, y0 = 1200, margin = 80;
    for (int y = -margin; y < code.height + margin; ++y) {
        for (int x = -margin; x < code.width + margin; ++x) {
            const bool inside = x >= 0 && y >= 0 && x < code.width && y < code.height;
            const int v =
                (inside ? code.pixels[static_cast<std::size_t>(y * code.width + x)] * 200 / 255
                        : 200) +
                static_cast<int>(rng() % 20);
            auto* p = &rgb[(static_cast<std::size_t>(y0 + y) * w + x0 + x) * 3];
            p[0] = p[1] = p[2] = static_cast<std::uint8_t>(v + 20);
        }
    }
    REQUIRE(stbi_write_jpg((dir.path / "photo.jpg").c_str(), w, h, 3, rgb.data(), 85) != 0);
    auto src = scanner::FileFrameSource::open(dir.path / "photo.jpg");
    REQUIRE(src);
    auto f = (*src)->next_frame();
    REQUIRE(f);
    REQUIRE(*f);
    CHECK((*f)->width == 2000);
    CHECK((*f)->height == 1500);
    CHECK(first_text(**f) == "https://mz.example.gov.cn/mingbai/dibao");
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
    test::TempDir dir("scanner-test");
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
