// qr_bench: how well and how fast our decoder (scanner::read_codes, ZXing-cpp) reads QR codes
// spoiled the way a kiosk camera spoils them — tilted, blurred, noisy, dim, small — next to
// Debian's zbarimg on the same PNG files; then large photo files through the kiosk's image
// loading (working size, memory). Prints markdown tables; fixed seed, same images every run.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <numbers>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <stb_image_write.h>
#include <CLI/CLI.hpp>

#include "printer/qr_code.hpp"
#include "scanner/code_reader.hpp"
#include "scanner/image_file.hpp"
#include "scanner/payload_text.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using scanner::GrayImage;

constexpr std::uint32_t kSeed = 20261122;
constexpr int kCanvasW = 640, kCanvasH = 480;  // the camera's frame
constexpr std::uint8_t kDesk = 170;            // what is around the paper in the frame

// What residents hold up: item page links from 明白纸, receipt codes, and Chinese text codes
// made by other offices.
const std::vector<std::string> kPayloads = {
    "https://mz.example.gov.cn/mingbai/dibao",
    "https://mz.example.gov.cn/mingbai/linshi_jiuzhu",
    "https://mz.example.gov.cn/mingbai/tekun_gongyang",
    "MINGBAI:REQ:A-20261122-0007",
    "MINGBAI:REQ:B-20261203-0142",
    "低保明白纸",
    "临时救助：遇到急难事，先到村委会说一声",
    "残疾人两项补贴 https://mz.example.gov.cn/mingbai/canji",
};

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string fixed(double v, int digits) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << v;
    return out.str();
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::uint8_t clamp_byte(double v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

std::size_t at(const GrayImage& img, int x, int y) {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) +
           static_cast<std::size_t>(x);
}

// ---- Making the images ---------------------------------------------------------------------

// The code on white paper: `module_px` a module, the 4-module quiet zone.
GrayImage render(const std::string& text, int module_px) {
    const auto qr = printer::encode_qr(text);
    if (!qr) throw std::runtime_error("cannot encode a bench payload: " + qr.error());
    const int quiet = 4 * module_px;
    GrayImage img;
    img.width = img.height = qr->size * module_px + 2 * quiet;
    img.pixels.assign(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height),
                      255);
    for (int y = 0; y < qr->size * module_px; ++y) {
        for (int x = 0; x < qr->size * module_px; ++x) {
            if (qr->dark(x / module_px, y / module_px))
                img.pixels[at(img, x + quiet, y + quiet)] = 0;
        }
    }
    return img;
}

using Mat3 = std::array<double, 9>;
struct Pt {
    double x, y;
};

// The projective map taking the four points `from` onto `to` (solved as the usual 8x8 system).
Mat3 homography(const std::array<Pt, 4>& from, const std::array<Pt, 4>& to) {
    double a[8][9] = {};
    for (int i = 0; i < 4; ++i) {
        const auto [x, y] = from[static_cast<std::size_t>(i)];
        const auto [u, v] = to[static_cast<std::size_t>(i)];
        double* r1 = a[2 * i];
        double* r2 = a[2 * i + 1];
        r1[0] = x, r1[1] = y, r1[2] = 1, r1[6] = -u * x, r1[7] = -u * y, r1[8] = u;
        r2[3] = x, r2[4] = y, r2[5] = 1, r2[6] = -v * x, r2[7] = -v * y, r2[8] = v;
    }
    for (int c = 0; c < 8; ++c) {
        int pivot = c;
        for (int r = c + 1; r < 8; ++r) {
            if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
        }
        std::swap(a[c], a[pivot]);
        for (int r = 0; r < 8; ++r) {
            if (r == c) continue;
            const double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; ++k) a[r][k] -= f * a[c][k];
        }
    }
    Mat3 h{};
    for (int i = 0; i < 8; ++i) h[static_cast<std::size_t>(i)] = a[i][8] / a[i][i];
    h[8] = 1;
    return h;
}

// The code laid on the desk: each frame pixel is looked up in the code image through
// `frame_to_code` (bilinear), pixels off the paper are desk.
GrayImage place(const GrayImage& code, const Mat3& frame_to_code) {
    GrayImage out{kCanvasW, kCanvasH,
                  std::vector<std::uint8_t>(std::size_t{kCanvasW} * kCanvasH, kDesk)};
    const auto& h = frame_to_code;
    for (int y = 0; y < kCanvasH; ++y) {
        for (int x = 0; x < kCanvasW; ++x) {
            const double w = h[6] * x + h[7] * y + h[8];
            const double sx = (h[0] * x + h[1] * y + h[2]) / w - 0.5;
            const double sy = (h[3] * x + h[4] * y + h[5]) / w - 0.5;
            if (sx < 0 || sy < 0 || sx > code.width - 1 || sy > code.height - 1) continue;
            const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
            const int x1 = std::min(x0 + 1, code.width - 1), y1 = std::min(y0 + 1, code.height - 1);
            const double fx = sx - x0, fy = sy - y0;
            const double top =
                code.pixels[at(code, x0, y0)] * (1 - fx) + code.pixels[at(code, x1, y0)] * fx;
            const double bottom =
                code.pixels[at(code, x0, y1)] * (1 - fx) + code.pixels[at(code, x1, y1)] * fx;
            out.pixels[at(out, x, y)] = clamp_byte(top * (1 - fy) + bottom * fy);
        }
    }
    return out;
}

// The corners of the code image, and where they land when it is turned by `degrees` about the
// frame's centre and its top edge pulled in by `tilt` (a sheet held leaning back).
GrayImage lay(const GrayImage& code, double degrees, double tilt) {
    const double s = code.width;
    const std::array<Pt, 4> corners = {Pt{0, 0}, Pt{s, 0}, Pt{s, s}, Pt{0, s}};
    const double half = s / 2;
    std::array<Pt, 4> on_desk = {Pt{-half * (1 - tilt), -half * (1 - tilt / 2)},
                                 Pt{half * (1 - tilt), -half * (1 - tilt / 2)}, Pt{half, half},
                                 Pt{-half, half}};
    const double r = degrees * std::numbers::pi / 180;
    for (auto& p : on_desk) {
        p = Pt{kCanvasW / 2.0 + p.x * std::cos(r) - p.y * std::sin(r),
               kCanvasH / 2.0 + p.x * std::sin(r) + p.y * std::cos(r)};
    }
    return place(code, homography(on_desk, corners));
}

GrayImage convolve_separable(const GrayImage& in, const std::vector<double>& kernel) {
    const int r = static_cast<int>(kernel.size() / 2);
    auto pass = [&](const GrayImage& src, int dx, int dy) {
        GrayImage out = src;
        for (int y = 0; y < src.height; ++y) {
            for (int x = 0; x < src.width; ++x) {
                double sum = 0;
                for (int k = -r; k <= r; ++k) {
                    const int sx = std::clamp(x + k * dx, 0, src.width - 1);
                    const int sy = std::clamp(y + k * dy, 0, src.height - 1);
                    sum += kernel[static_cast<std::size_t>(k + r)] * src.pixels[at(src, sx, sy)];
                }
                out.pixels[at(out, x, y)] = clamp_byte(sum);
            }
        }
        return out;
    };
    return pass(pass(in, 1, 0), 0, 1);
}

GrayImage box_blur(const GrayImage& in, int radius) {
    return convolve_separable(
        in, std::vector<double>(static_cast<std::size_t>(2 * radius + 1), 1.0 / (2 * radius + 1)));
}

GrayImage gaussian_blur(const GrayImage& in, double sigma) {
    const int r = static_cast<int>(std::ceil(3 * sigma));
    std::vector<double> k;
    double total = 0;
    for (int i = -r; i <= r; ++i) {
        k.push_back(std::exp(-(i * i) / (2 * sigma * sigma)));
        total += k.back();
    }
    for (auto& v : k) v /= total;
    return convolve_separable(in, k);
}

GrayImage add_noise(GrayImage img, double sigma, std::mt19937& rng) {
    std::normal_distribution<double> noise(0, sigma);
    for (auto& p : img.pixels) p = clamp_byte(p + noise(rng));
    return img;
}

// A dim photo of a faded print: black and white squeezed into [lo, hi].
GrayImage squeeze(GrayImage img, int lo, int hi) {
    for (auto& p : img.pixels) p = clamp_byte(lo + p * (hi - lo) / 255.0);
    return img;
}

// ---- One variation: a row of the table -------------------------------------------------------

struct Variation {
    std::string name;
    std::string slug;
    int module_px = 4;
    std::vector<std::function<GrayImage(const GrayImage& code, std::mt19937& rng)>> spoilers;
};

std::vector<Variation> variations() {
    using Spoil = std::function<GrayImage(const GrayImage&, std::mt19937&)>;
    auto rotated = [](double deg) -> Spoil {
        return [deg](const GrayImage& c, std::mt19937&) { return lay(c, deg, 0); };
    };
    auto straight = [](const GrayImage& c) { return lay(c, 0, 0); };
    return {
        {"clean, 4 px modules", "clean", 4, {rotated(0)}},
        {"rotated 5°", "rot5", 4, {rotated(5)}},
        {"rotated 30°", "rot30", 4, {rotated(30)}},
        {"rotated 90°", "rot90", 4, {rotated(90)}},
        {"box blur, 3 and 5 px",
         "box",
         4,
         {[=](const GrayImage& c, std::mt19937&) { return box_blur(straight(c), 1); },
          [=](const GrayImage& c, std::mt19937&) { return box_blur(straight(c), 2); }}},
        {"gaussian blur, σ 1.0 and 1.6 px",
         "gauss",
         4,
         {[=](const GrayImage& c, std::mt19937&) { return gaussian_blur(straight(c), 1.0); },
          [=](const GrayImage& c, std::mt19937&) { return gaussian_blur(straight(c), 1.6); }}},
        {"noise, σ 25 and 50",
         "noise",
         4,
         {[=](const GrayImage& c, std::mt19937& rng) { return add_noise(straight(c), 25, rng); },
          [=](const GrayImage& c, std::mt19937& rng) { return add_noise(straight(c), 50, rng); }}},
        {"perspective, top edge 20 % and 40 % short",
         "persp",
         4,
         {[](const GrayImage& c, std::mt19937&) { return lay(c, 10, 0.2); },
          [](const GrayImage& c, std::mt19937&) { return lay(c, -10, 0.4); }}},
        {"low contrast, 40 and 20 grey levels",
         "dim",
         4,
         {[=](const GrayImage& c, std::mt19937&) { return squeeze(straight(c), 100, 140); },
          [=](const GrayImage& c, std::mt19937&) { return squeeze(straight(c), 110, 130); }}},
        {"small modules, 2 px", "small", 2, {rotated(0), rotated(5)}},
        {"all at once: 15°, 10 % tilt, σ 1.0 blur, noise 10 / 80 levels and noise 15 / 60 levels",
         "mixed",
         4,
         {[](const GrayImage& c, std::mt19937& rng) {
              return add_noise(squeeze(gaussian_blur(lay(c, 15, 0.1), 1.0), 80, 160), 10, rng);
          },
          [](const GrayImage& c, std::mt19937& rng) {
              return add_noise(squeeze(gaussian_blur(lay(c, 15, 0.1), 1.0), 90, 150), 15, rng);
          }}},
    };
}

// ---- Decoding --------------------------------------------------------------------------------

struct Outcome {
    bool read = false;
    double ms = 0;
};

Outcome ours(const GrayImage& img, const std::string& expected) {
    const auto t = Clock::now();
    const auto codes = scanner::read_codes(img);
    Outcome o{false, ms_since(t)};
    o.read = std::any_of(codes.begin(), codes.end(),
                         [&](const scanner::ScannedCode& c) { return c.text == expected; });
    return o;
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// One zbarimg process per image, as a shell script would use it. -Sbinary: the payload's bytes
// as they are, turned into text by our payload_text, so this compares finding and decoding the
// symbol, not zbar's charset guess.
std::optional<Outcome> zbar(const std::string& zbarimg, const fs::path& png,
                            const std::string& expected) {
    const std::string cmd = shell_quote(zbarimg) +
                            " --quiet --raw -Sdisable -Sqrcode.enable -Sbinary " +
                            shell_quote(png.string()) + " 2>/dev/null";
    const auto t = Clock::now();
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return std::nullopt;
    std::string out;
    char buf[4096];
    while (const auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int status = ::pclose(p);
    Outcome o{false, ms_since(t)};
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) return std::nullopt;  // not installed
    // Exit 0: a symbol was found; 4: none.
    o.read = WEXITSTATUS(status) == 0 &&
             scanner::payload_text(std::span(reinterpret_cast<const std::uint8_t*>(out.data()),
                                             out.size())) == expected;
    return o;
}

std::string rate(int read, int total) {
    return std::to_string(read) + "/" + std::to_string(total) + " (" +
           std::to_string((read * 100 + total / 2) / total) + " %)";
}

// A frame of the given size with the item link code (4 px modules) a little off centre, as a
// resident holds it.
GrayImage frame_with_code(int w, int h) {
    const auto code = render(kPayloads[0], 4);
    GrayImage f{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h, kDesk)};
    const int x0 = w / 2 - code.width / 3, y0 = h / 2 - code.height / 3;
    for (int y = 0; y < code.height; ++y) {
        for (int x = 0; x < code.width; ++x)
            f.pixels[at(f, x0 + x, y0 + y)] = code.pixels[at(code, x, y)];
    }
    return f;
}

// A phone's photo of a sheet on a desk, as kioskctl scan or a files: source would get it: a
// shaded, noisy desk, the sheet a little grey with the item link code (14-pixel modules) on it,
// RGB. Written as JPEG (quality 85, 4:2:0) or as PNG.
bool write_photo(const fs::path& path, int w, int h, bool jpeg, std::mt19937& rng) {
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const int base = 60 + (x + y) * 80 / (w + h) + static_cast<int>(rng() % 24);
            auto* p = &rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                            static_cast<std::size_t>(x)) *
                           3];
            p[0] = static_cast<std::uint8_t>(base + 20);
            p[1] = static_cast<std::uint8_t>(base + 10);
            p[2] = static_cast<std::uint8_t>(base);
        }
    }
    const auto code = render(kPayloads[0], 14);
    const int x0 = w / 2, y0 = h / 3, margin = 80;
    for (int y = -margin; y < code.height + margin; ++y) {
        for (int x = -margin; x < code.width + margin; ++x) {
            const bool inside = x >= 0 && y >= 0 && x < code.width && y < code.height;
            const int v = (inside ? code.pixels[at(code, x, y)] * 200 / 255 : 200) +
                          static_cast<int>(rng() % 20);
            auto* p = &rgb[(static_cast<std::size_t>(y0 + y) * static_cast<std::size_t>(w) +
                            static_cast<std::size_t>(x0 + x)) *
                           3];
            p[0] = p[1] = p[2] = static_cast<std::uint8_t>(v + 20);
        }
    }
    return jpeg ? stbi_write_jpg(path.c_str(), w, h, 3, rgb.data(), 85) != 0
                : stbi_write_png(path.c_str(), w, h, 3, rgb.data(), w * 3) != 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"qr_bench: QR read rate and decode time, ours against zbarimg"};
    std::string out_dir, zbarimg = "zbarimg";
    bool keep = false;
    int runs = 50;
    app.add_option("--out", out_dir, "folder for the PNGs (default: a new temp folder)");
    app.add_flag("--keep", keep, "keep the PNGs afterwards (always kept with --out)");
    app.add_option("--zbarimg", zbarimg, "the zbarimg program");
    app.add_option("--runs", runs, "decodes per frame size for the frame timing")
        ->check(CLI::Range(1, 10000));
    CLI11_PARSE(app, argc, argv);

    const fs::path dir = out_dir.empty() ? fs::temp_directory_path() /
                                               ("mingbai-qr-bench-" + std::to_string(::getpid()))
                                         : fs::path(out_dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        std::cerr << "qr_bench: " << dir.string() << ": " << ec.message() << "\n";
        return 2;
    }
    if (!out_dir.empty()) keep = true;

    std::mt19937 rng(kSeed);
    bool have_zbar = true;
    std::cout << "| variation | images | our read rate | our median ms | zbarimg read rate | "
                 "zbarimg median ms |\n| --- | --- | --- | --- | --- | --- |\n";
    int total_images = 0;
    for (const auto& v : variations()) {
        int our_reads = 0, zbar_reads = 0, images = 0;
        std::vector<double> our_ms, zbar_ms;
        for (std::size_t pi = 0; pi < kPayloads.size(); ++pi) {
            const auto code = render(kPayloads[pi], v.module_px);
            for (std::size_t si = 0; si < v.spoilers.size(); ++si) {
                const auto img = v.spoilers[si](code, rng);
                const auto png =
                    dir / (v.slug + "_" + std::to_string(si) + "_" + std::to_string(pi) + ".png");
                if (!stbi_write_png(png.c_str(), img.width, img.height, 1, img.pixels.data(),
                                    img.width)) {
                    std::cerr << "qr_bench: cannot write " << png.string() << "\n";
                    return 2;
                }
                ++images;
                const auto o = ours(img, kPayloads[pi]);
                our_reads += o.read;
                our_ms.push_back(o.ms);
                if (have_zbar) {
                    if (const auto z = zbar(zbarimg, png, kPayloads[pi])) {
                        zbar_reads += z->read;
                        zbar_ms.push_back(z->ms);
                    } else {
                        have_zbar = false;
                        std::cerr << "qr_bench: " << zbarimg << " did not run; zbar columns n/a\n";
                    }
                }
            }
        }
        total_images += images;
        std::cout << "| " << v.name << " | " << images << " | " << rate(our_reads, images) << " | "
                  << fixed(median(our_ms), 1) << " | "
                  << (have_zbar ? rate(zbar_reads, images) : "n/a") << " | "
                  << (have_zbar ? fixed(median(zbar_ms), 1) : "n/a") << " |\n";
    }

    std::cout << "\nOur decoder: scanner::read_codes with the scan worker's options (try harder, "
                 "try rotations), in-process, on the pixels in memory. zbarimg: one process per "
                 "PNG, start-up and PNG loading included";
    if (have_zbar) {
        // What a process costs before any decoding: the same call on a blank 16x16 image.
        const GrayImage blank{16, 16, std::vector<std::uint8_t>(256, 255)};
        const auto png = dir / "blank.png";
        stbi_write_png(png.c_str(), 16, 16, 1, blank.pixels.data(), 16);
        std::vector<double> start_ms;
        for (int i = 0; i < 5; ++i) {
            if (const auto z = zbar(zbarimg, png, "")) start_ms.push_back(z->ms);
        }
        std::cout << " (a blank 16x16 PNG takes " << fixed(median(start_ms), 1) << " ms)";
    }
    std::cout << ". " << total_images << " images in " << dir.string() << (keep ? "" : " (removed)")
              << ".\n\n";

    for (const auto& [w, h] : {std::pair{640, 480}, std::pair{1280, 720}}) {
        const auto frame = frame_with_code(w, h);
        std::vector<double> ms;
        int read = 0;
        for (int i = 0; i < runs; ++i) {
            const auto o = ours(frame, kPayloads[0]);
            read += o.read;
            ms.push_back(o.ms);
        }
        std::cout << "Decode a " << w << "x" << h << " frame with a code, median of " << runs
                  << ": " << fixed(median(ms), 2) << " ms (read " << read << "/" << runs << ")\n";
    }

    // Image files through scanner::load_image (the limits kioskctl scan and files: sources use)
    // and read_codes: the decode within its memory budget, the shrink to the working size.
    std::cout << "\n| image file | working size | decode peak | load + read, median of 5 | read |\n"
                 "| --- | --- | --- | --- | --- |\n";
    const struct {
        std::string name, file;
        int w, h;
        bool jpeg;
    } files[] = {{"photo 4000x3000, JPEG", "photo.jpg", 4000, 3000, true},
                 {"photo 4000x3000, RGB PNG", "photo.png", 4000, 3000, false},
                 {"photo 2000x1500, JPEG", "photo-small.jpg", 2000, 1500, true}};
    for (const auto& f : files) {
        const auto path = dir / f.file;
        if (!write_photo(path, f.w, f.h, f.jpeg, rng)) {
            std::cerr << "qr_bench: cannot write " << path.string() << "\n";
            return 2;
        }
        std::vector<double> ms;
        std::string size, peak, read;
        for (int i = 0; i < 5; ++i) {
            const auto t = Clock::now();
            const auto loaded = scanner::load_image(path);
            const auto codes =
                loaded ? scanner::read_codes(loaded->image) : std::vector<scanner::ScannedCode>{};
            ms.push_back(ms_since(t));
            if (!loaded) {  // over the decode budget: refused as soon as the decoder asks
                size = "refused";
                peak =
                    "> " + std::to_string(scanner::ImageLimits{}.max_decode_bytes >> 20) + " MiB";
                read = "no";
                continue;
            }
            size = std::to_string(loaded->image.width) + "x" + std::to_string(loaded->image.height);
            peak = fixed(static_cast<double>(loaded->peak_bytes) / (1 << 20), 1) + " MiB";
            read = !codes.empty() && codes[0].text == kPayloads[0] ? "yes" : "no";
        }
        std::cout << "| " << f.name << " | " << size << " | " << peak << " | "
                  << fixed(median(ms), 1) << " ms | " << read << " |\n";
    }

    if (!keep) fs::remove_all(dir, ec);
    return 0;
}
