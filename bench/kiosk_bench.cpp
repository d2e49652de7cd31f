// kiosk_bench: measures the figures the README keeps: start to first frame (with and without the
// atlas cache, headless and in a real X window under Xvfb), PSS, idle CPU, peak RSS, and frame
// build and render times with the software renderer at 720x1280.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/log.hpp"
#include "kiosk/app/kiosk_app.hpp"
#include "kiosk/app/script.hpp"
#include "kiosk/app/script_runner.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/core/data_paths.hpp"
#include "kiosk/core/sheets.hpp"
#include "net/benefits.hpp"
#include "net/county/county.hpp"
#include "net/outbox.hpp"
#include "net/sync_worker.hpp"
#include "printer/job.hpp"
#include "printer/profile.hpp"
#include "scanner/id_number.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Row {
    std::string figure, value, aim;
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

std::string fixed(double v, int digits) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << v;
    return out.str();
}

// utime + stime of a process, in clock ticks.
long cpu_ticks(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = all.rfind(')');
    std::istringstream fields(all.substr(close + 2));
    std::string f;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) utime = std::stol(f);
        if (i == 15) stime = std::stol(f);
    }
    return utime + stime;
}

long peak_rss_kb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

// Proportional set size: private pages plus a fair share of those shared with other processes
// (libraries, the X server's shared memory), which is what the kiosk really costs the machine.
long pss_kb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("Pss:", 0) == 0) return std::stol(line.substr(4));
    }
    return -1;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// An X server of the bench's own on a free display, found by Xvfb itself (-displayfd).
class Xvfb {
  public:
    static std::optional<Xvfb> start() {
        int fds[2];
        if (::pipe(fds) != 0) return std::nullopt;
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            const int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, 1);
            ::dup2(devnull, 2);
            const std::string fd = std::to_string(fds[1]);
            ::execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "720x1280x24",
                     "-nolisten", "tcp", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(fds[1]);
        std::string text;
        char buf[64];
        pollfd pfd{fds[0], POLLIN, 0};
        while (text.find('\n') == std::string::npos && ::poll(&pfd, 1, 10'000) > 0) {
            const auto n = ::read(fds[0], buf, sizeof buf);
            if (n <= 0) break;
            text.append(buf, static_cast<std::size_t>(n));
        }
        ::close(fds[0]);
        if (text.find('\n') == std::string::npos) {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
            return std::nullopt;
        }
        Xvfb x;
        x.pid_ = pid;
        x.display_ = ":" + text.substr(0, text.find('\n'));
        return x;
    }
    Xvfb(Xvfb&& other) noexcept : pid_(std::exchange(other.pid_, -1)), display_(other.display_) {}
    ~Xvfb() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    const std::string& display() const { return display_; }

  private:
    Xvfb() = default;
    pid_t pid_ = -1;
    std::string display_;
};

struct StartFigures {
    double first_frame_ms = -1;
    bool atlas_from_cache = false;
    std::string renderer;  // "software", "opengl"…: the kiosk's own word, from its log
    std::string software_why;
    double pss_mb = -1;
    double peak_rss_mb = -1;
    double idle_cpu_percent = -1;
};

// The text after `key` up to the end of its line, or "".
std::string log_value(const std::string& log, const std::string& key) {
    const auto at = log.find(key);
    if (at == std::string::npos) return "";
    const auto from = at + key.size();
    return log.substr(from, log.find('\n', from) - from);
}

// Starts the kiosk as a resident would meet it (no script, the config's renderer choice): in a
// window on `display`, or headless when that is empty. Times the first frame from the spawn,
// lets the start-up work finish (the other theme's atlas, the cache writes), then takes its PSS
// and, if asked, its CPU over some idle seconds.
StartFigures measure_start(const std::string& kiosk, const std::string& config,
                           const fs::path& data, const std::string& display, int idle_seconds) {
    StartFigures f;
    int err_pipe[2];
    if (::pipe(err_pipe) != 0) return f;
    const auto spawned = Clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(err_pipe[1], 2);
        ::close(err_pipe[0]);
        ::unsetenv("WAYLAND_DISPLAY");
        const std::string data_s = data.string();
        if (display.empty()) {
            ::unsetenv("DISPLAY");
            ::execl(kiosk.c_str(), kiosk.c_str(), "--headless", "--config", config.c_str(),
                    "--data-dir", data_s.c_str(), static_cast<char*>(nullptr));
        } else {
            ::setenv("DISPLAY", display.c_str(), 1);
            ::execl(kiosk.c_str(), kiosk.c_str(), "--config", config.c_str(), "--data-dir",
                    data_s.c_str(), static_cast<char*>(nullptr));
        }
        ::_exit(127);
    }
    ::close(err_pipe[1]);
    std::string log;
    // Reads the kiosk's log until `done` says so or `ms` pass; the pipe never fills up.
    auto read_log = [&](int ms, auto done) {
        const auto until = Clock::now() + std::chrono::milliseconds(ms);
        char buf[4096];
        while (!done()) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
            if (left.count() <= 0) break;
            pollfd pfd{err_pipe[0], POLLIN, 0};
            if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
            const auto n = ::read(err_pipe[0], buf, sizeof buf);
            if (n <= 0) break;
            log.append(buf, static_cast<std::size_t>(n));
            if (f.first_frame_ms < 0 && log.find("first frame after") != std::string::npos) {
                f.first_frame_ms = ms_since(spawned);
            }
        }
    };
    read_log(20'000, [&] { return f.first_frame_ms >= 0; });
    if (f.first_frame_ms >= 0) {
        // The kiosk says when the other theme's atlas is ready (and, on a cold start, cached).
        read_log(10'000,
                 [&] { return log.find("prepared in the background") != std::string::npos; });
        read_log(300, [] { return false; });
        f.atlas_from_cache = log.find("read from the cache, ready") != std::string::npos;
        f.renderer = log_value(log, ", renderer ");
        f.renderer = f.renderer.substr(0, f.renderer.find(' '));
        f.software_why = log_value(log, "software renderer: ");
        f.pss_mb = static_cast<double>(pss_kb(pid)) / 1024.0;
        if (idle_seconds > 0) {
            const long before = cpu_ticks(pid);
            read_log(idle_seconds * 1000, [] { return false; });
            const long after = cpu_ticks(pid);
            f.idle_cpu_percent = 100.0 * static_cast<double>(after - before) /
                                 (static_cast<double>(::sysconf(_SC_CLK_TCK)) * idle_seconds);
        }
        f.peak_rss_mb = static_cast<double>(peak_rss_kb(pid)) / 1024.0;
    } else {
        std::cerr << "kiosk_bench: the kiosk did not draw a first frame:\n" << log << "\n";
    }
    ::kill(pid, SIGTERM);
    // Drain the log until the kiosk is gone: it writes the atlas cache on its way out.
    read_log(10'000, [] { return false; });
    ::waitpid(pid, nullptr, 0);
    ::close(err_pipe[0]);
    return f;
}

struct SeriesFigures {
    StartFigures cold;               // the first start, with an empty data folder
    std::vector<StartFigures> warm;  // the starts after, with the atlas cache in place
    double warm_median_ms() const {
        std::vector<double> v;
        for (const auto& s : warm) v.push_back(s.first_frame_ms);
        return percentile(v, 0.5);
    }
    double warm_median_pss() const {
        std::vector<double> v;
        for (const auto& s : warm) v.push_back(s.pss_mb);
        return percentile(v, 0.5);
    }
    bool all_warm_cached() const {
        return std::ranges::all_of(warm, [](const StartFigures& s) { return s.atlas_from_cache; });
    }
};

// One start with a fresh data folder (no atlas cache), then `warm` starts that find the cache
// it left; the last of them idles `idle_seconds` for the CPU figure.
std::optional<SeriesFigures> measure_series(const std::string& kiosk, const std::string& config,
                                            const std::string& display, int warm,
                                            int idle_seconds) {
    const auto data = fs::temp_directory_path() / ("mingbai-bench-" + std::to_string(::getpid()) +
                                                   (display.empty() ? "-headless" : "-x11"));
    fs::remove_all(data);
    fs::create_directories(data);
    SeriesFigures s;
    s.cold = measure_start(kiosk, config, data, display, 0);
    if (s.cold.first_frame_ms < 0) return std::nullopt;
    for (int i = 0; i < warm; ++i) {
        auto f = measure_start(kiosk, config, data, display, i + 1 == warm ? idle_seconds : 0);
        if (f.first_frame_ms < 0) return std::nullopt;
        s.warm.push_back(f);
    }
    fs::remove_all(data);
    if (!s.all_warm_cached()) {
        std::cerr << "kiosk_bench: some starts after the first did not read the atlas cache\n";
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"kiosk_bench: the kiosk's figures for the README", "kiosk_bench"};
    std::string kiosk = (fs::read_symlink("/proc/self/exe").parent_path() / "kiosk").string();
    std::string config;
    int idle_seconds = 10, frames = 300, starts = 5;
    cli.add_option("--kiosk", kiosk, "The kiosk program to start")->capture_default_str();
    cli.add_option("--config", config, "Config file for the kiosk")->required();
    cli.add_option("--idle-seconds", idle_seconds, "How long to measure idle CPU")
        ->capture_default_str();
    cli.add_option("--frames", frames, "Frames to time in-process")->capture_default_str();
    cli.add_option("--starts", starts,
                   "Starts with a warm atlas cache to take the median first frame and PSS of")
        ->capture_default_str();
    CLI11_PARSE(cli, argc, argv);

    std::vector<Row> rows;

    // Start-up as a resident meets it, headless (SDL's offscreen driver) and in a real X window
    // (a private Xvfb), each with the renderer the config's "auto" picks.
    const auto headless = measure_series(kiosk, config, "", starts, idle_seconds);
    if (!headless) return 1;
    const std::string cached =
        headless->all_warm_cached() ? "atlas cached" : "atlas cache NOT used";
    rows.push_back({"start to first frame, headless, " + cached + " (median of " +
                        std::to_string(starts) + ")",
                    fixed(headless->warm_median_ms(), 0) + " ms", "≤ 150 ms"});
    rows.push_back({"start to first frame, headless, no atlas cache (first start)",
                    fixed(headless->cold.first_frame_ms, 0) + " ms", "≤ 400 ms"});
    rows.push_back({"CPU over " + std::to_string(idle_seconds) + " s idle",
                    fixed(headless->warm.back().idle_cpu_percent, 2) + " %", "≤ 1 %"});
    rows.push_back({"PSS after start, headless (median of " + std::to_string(starts) + ")",
                    fixed(headless->warm_median_pss(), 1) + " MiB", "≤ 100 MiB"});
    rows.push_back(
        {"peak RSS, headless", fixed(headless->warm.back().peak_rss_mb, 1) + " MiB", "≤ 150 MiB"});

    if (auto x = Xvfb::start()) {
        const auto window = measure_series(kiosk, config, x->display(), starts, 0);
        if (!window) return 1;
        const auto& w = window->warm.back();
        const std::string renderer =
            "renderer auto: " + w.renderer + (w.software_why.empty() ? "" : ", " + w.software_why);
        std::cerr << "kiosk_bench: X window on Xvfb " << x->display() << ": " << renderer << "\n";
        const std::string x_cached =
            window->all_warm_cached() ? "atlas cached" : "atlas cache NOT used";
        rows.push_back({"start to first frame, X window (Xvfb, renderer auto → " + w.renderer +
                            "), " + x_cached + " (median of " + std::to_string(starts) + ")",
                        fixed(window->warm_median_ms(), 0) + " ms", "≤ 150 ms"});
        rows.push_back({"start to first frame, X window (Xvfb), no atlas cache (first start)",
                        fixed(window->cold.first_frame_ms, 0) + " ms", "≤ 400 ms"});
        rows.push_back({"PSS after start, X window (Xvfb, renderer auto → " + w.renderer +
                            ", median of " + std::to_string(starts) + ")",
                        fixed(window->warm_median_pss(), 1) + " MiB", "≤ 100 MiB"});
    } else {
        std::cerr << "kiosk_bench: Xvfb did not start (install xvfb): no X window figures\n";
        rows.push_back(
            {"start to first frame, X window (Xvfb)", "not measured: no Xvfb", "≤ 150 ms"});
    }

    // In-process: the same app, software renderer, 720x1280, frames drawn back to back.
    base::log::set_level(base::log::Level::warn);
    kiosk::app::AppOptions options;
    auto loaded = kiosk::core::load_config(config, true);
    if (!loaded) {
        std::cerr << loaded.error().describe() << "\n";
        return 1;
    }
    options.config = *loaded;
    // State and printed sheets of the bench go to a folder of its own, never the system's.
    const auto bench_data =
        fs::temp_directory_path() / ("mingbai-bench-app-" + std::to_string(::getpid()));
    fs::create_directories(bench_data);
    options.config.data_dir = bench_data;
    options.platform = {720, 1280, false, true, true};
    options.virtual_clock = true;
    options.share_dir = kiosk::core::share_dir();
    auto app = kiosk::app::KioskApp::create(std::move(options));
    if (!app) {
        std::cerr << app.error() << "\n";
        return 1;
    }
    (*app)->settle(5);
    std::vector<double> build, render;
    for (int i = 0; i < frames; ++i) {
        const auto t = (*app)->frame();
        build.push_back(t.build_ms);
        render.push_back(t.render_ms);
    }
    rows.push_back(
        {"frame build, median / p99",
         fixed(percentile(build, 0.5), 2) + " / " + fixed(percentile(build, 0.99), 2) + " ms", ""});
    rows.push_back(
        {"frame render (software, 720×1280), median / p99",
         fixed(percentile(render, 0.5), 2) + " / " + fixed(percentile(render, 0.99), 2) + " ms",
         ""});
    rows.push_back({"glyphs in the font atlas (per size: UI + content)",
                    std::to_string((*app)->glyph_count()), ""});

    // Content bundle: open, check (quick_check) and read the whole default bundle.
    const auto bundle = kiosk::core::default_bundle_path(kiosk::core::share_dir());
    std::vector<double> loads;
    std::size_t items = 0;
    for (int i = 0; i < 20; ++i) {
        const auto t0 = Clock::now();
        auto content = kiosk::core::load_bundle(bundle);
        loads.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!content) {
            std::cerr << content.error() << "\n";
            return 1;
        }
        items = content->items.size();
    }
    rows.push_back({"content bundle load (" + std::to_string(items) + " items, " +
                        std::to_string(fs::file_size(bundle) / 1024) + " KB), median of 20",
                    fixed(percentile(loads, 0.5), 2) + " ms", ""});

    // Printing: the kiosk's own print service and its emulator transport.
    auto* printing = (*app)->core().printing();
    if (!printing) {
        std::cerr << "kiosk_bench: printing unavailable\n";
        return 1;
    }
    const auto& content = (*app)->core().content();
    std::vector<double> layout_ms;
    for (const auto& item : content.items) {
        const auto t0 = Clock::now();
        auto prepared =
            printing->prepare(kiosk::core::item_sheet(content, item, base::today_local()), item.id);
        layout_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!prepared) {
            std::cerr << prepared.error() << "\n";
            return 1;
        }
    }
    rows.push_back(
        {"明白纸 layout + raster, median of " + std::to_string(layout_ms.size()) + " items (max)",
         fixed(percentile(layout_ms, 0.5), 1) + " ms (" + fixed(percentile(layout_ms, 1.0), 1) +
             ")",
         ""});

    const auto* dibao = content.item("dibao");
    auto prepared =
        printing->prepare(kiosk::core::item_sheet(content, *dibao, base::today_local()), "dibao");
    auto raster_profile =
        printer::find_profile(kiosk::core::share_dir() / "printer-profiles", "80mm");
    auto text_profile =
        printer::find_profile(kiosk::core::share_dir() / "printer-profiles", "80mm-text");
    auto text_job = text_profile ? printer::encode_text_job(prepared->sheet, *text_profile)
                                 : std::unexpected(std::string("no 80mm-text profile"));
    if (!raster_profile || !prepared || !text_job) {
        std::cerr << "kiosk_bench: cannot encode the 低保 sheet\n";
        return 1;
    }
    const auto raster_job = printer::encode_raster_job(prepared->raster, *raster_profile);
    const double raster_bytes = static_cast<double>(raster_job.total_bytes());
    const double text_bytes = static_cast<double>(text_job->total_bytes());
    rows.push_back(
        {"bytes per sheet (低保): raster / text mode",
         std::to_string(raster_job.total_bytes()) + " / " + std::to_string(text_job->total_bytes()),
         ""});
    // What the paper counter adds: the printer's own font takes less paper than the raster.
    rows.push_back({"paper per sheet (低保, the cut included): raster / text mode",
                    fixed(raster_profile->dots_to_mm(raster_job.paper_dots), 0) + " / " +
                        fixed(text_profile->dots_to_mm(text_job->paper_dots), 0) + " mm",
                    ""});
    // 8N1 serial: 10 bits a byte. USB full speed bulk to a printer: about 1 MB/s in practice.
    rows.push_back(
        {"seconds per sheet on the wire at 115200 baud: raster / text mode",
         fixed(raster_bytes * 10 / 115200, 1) + " / " + fixed(text_bytes * 10 / 115200, 2) + " s",
         ""});
    rows.push_back({"seconds per sheet on the wire over USB (1 MB/s): raster / text mode",
                    fixed(raster_bytes / 1e6, 2) + " / " + fixed(text_bytes / 1e6, 4) + " s", ""});

    // Tap on 「打印」 to the first byte at the printer (a scripted tap, the layout worker, the
    // printer thread, the emulator), and the worst frames while a sheet is laid out and printed:
    // that work runs on core's workers, so the frames go on as usual.
    auto play = [&](const std::string& text) {
        auto script = kiosk::app::parse_script(text, "bench.script");
        std::ostringstream quiet;
        const auto outcome =
            kiosk::app::run_script(**app, *script, {fs::temp_directory_path()}, quiet);
        if (!outcome.ok) std::cerr << "kiosk_bench: " << outcome.failure << "\n";
        return outcome.ok;
    };
    std::vector<double> first_byte_ms, print_frames;
    for (int i = 0; i < 5; ++i) {
        if (!play("tap 政策明白纸\ntap 低保\nexpect 最低生活保障\n")) return 1;
        (*app)->start_recording_frames();
        if (!play("tap 打印这页\nexpect 打印预览\ntap 打印\nexpect 打好了\n")) return 1;
        const auto recorded = (*app)->take_recorded_frames();
        print_frames.insert(print_frames.end(), recorded.begin(), recorded.end());
        if (!play("tap 回到首页\n")) return 1;
    }
    // The tickets the screens followed: the last five printed sheets.
    for (kiosk::core::PrintTicket t = 1; t < 100; ++t) {
        const auto job = printing->job(t);
        if (job && job->first_byte_ms) first_byte_ms.push_back(*job->first_byte_ms);
    }
    rows.push_back({"tap 「打印」 to first byte at the printer, median of " +
                        std::to_string(first_byte_ms.size()),
                    fixed(percentile(first_byte_ms, 0.5), 2) + " ms", ""});
    rows.push_back({"frame time while a 明白纸 is laid out and printed (" +
                        std::to_string(print_frames.size()) + " frames), p99 / max",
                    fixed(percentile(print_frames, 0.99), 1) + " / " +
                        fixed(percentile(print_frames, 1.0), 1) + " ms",
                    ""});

    // The worst frames while 帮办代办 requests are stored (synchronous=FULL, on the storage
    // worker).
    std::vector<double> submit_frames;
    for (int i = 0; i < 5; ++i) {
        if (!play("tap 帮办代办\ntap 临时救助\ntap 材料审核\ntap 手动输入身份证号\n"
                  "type 11010519491231002X\ntap 确定\ntype 13800000000\ntap 下一步\n"
                  "tap 下一步\nexpect 两个承诺\n")) {
            return 1;
        }
        (*app)->start_recording_frames();
        if (!play("tap 我承诺，提交\nexpect 已提交\n")) return 1;
        const auto recorded = (*app)->take_recorded_frames();
        submit_frames.insert(submit_frames.end(), recorded.begin(), recorded.end());
        if (!play("tap 回到首页\n")) return 1;
    }
    rows.push_back({"frame time while a request is submitted (" +
                        std::to_string(submit_frames.size()) + " frames), p99 / max",
                    fixed(percentile(submit_frames, 0.99), 1) + " / " +
                        fixed(percentile(submit_frames, 1.0), 1) + " ms",
                    ""});

    app->reset();
    fs::remove_all(bench_data);

    // Requests: store latency with the fsync that makes them durable, then draining the outbox
    // to the reference county server on loopback.
    {
        const auto dir =
            fs::temp_directory_path() / ("mingbai-bench-outbox-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        auto outbox = net::Outbox::open(dir);
        county::CountyServerOptions county_options;
        county_options.db = dir / "county.db";
        county_options.token = "tok";
        auto county = county::CountyServer::start(county_options);
        if (!outbox || !county) {
            std::cerr << "kiosk_bench: outbox or county server did not start\n";
            return 1;
        }
        constexpr int kStored = 200;
        std::vector<double> store_ms;
        for (int i = 0; i < kStored; ++i) {
            char first17[32];
            std::snprintf(first17, sizeof first17, "99010219%02d0101%03d", 40 + i % 50, i % 1000);
            net::NewRequest r{"linshi",
                              "临时救助",
                              "材料审核",
                              std::string(first17) + scanner::id_check_character(first17),
                              "9901**********0000",
                              "13800001234",
                              "138****1234",
                              {"医院的诊断证明"},
                              "",
                              "2026-11-22T10:00:00+08:00",
                              "2026-11-25",
                              3};
            const auto t0 = Clock::now();
            if (!(*outbox)->store(r)) return 1;
            store_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        rows.push_back({"request store (durable, synchronous=FULL), median / p99",
                        fixed(percentile(store_ms, 0.5), 2) + " / " +
                            fixed(percentile(store_ms, 0.99), 2) + " ms",
                        ""});
        net::HttpClientOptions http;
        http.base_url = (*county)->url();
        http.token = "tok";
        http.kiosk_id = "bench";
        net::SyncOptions sync_options;
        sync_options.background = false;
        net::SyncWorker sync(**outbox, http, sync_options);
        const auto t0 = Clock::now();
        const bool empty = sync.until_empty(std::chrono::seconds(120)).value_or(false);
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (!empty) {
            std::cerr << "kiosk_bench: the outbox did not drain\n";
            return 1;
        }
        rows.push_back(
            {"drain " + std::to_string(kStored) + " requests to the county server on loopback",
             fixed(kStored / seconds, 0) + " requests/s", ""});
        // What one request costs on the wire: the JSON bodies both ways (HTTP headers, about 300 B
        // each way with curl and cpp-httplib, and TLS framing come on top).
        rows.push_back({"bytes on the wire per request: JSON body out / answer back",
                        std::to_string(sync.request_bytes_out() / kStored) + " / " +
                            std::to_string(sync.request_bytes_in() / kStored) + " B",
                        ""});
        // 待遇查询: the query round trip to the county on loopback, as a resident waits for it.
        if (auto imported =
                county::import_benefits(dir / "county.db", std::filesystem::path(SOURCE_DIR) /
                                                               "net" / "sample_benefits.csv");
            !imported) {
            std::cerr << "kiosk_bench: " << imported.error() << "\n";
        } else {
            std::vector<double> query_ms;
            for (int i = 0; i < 20; ++i) {
                const auto q0 = Clock::now();
                auto answer = net::query_benefits(http, "990102195803120015");
                query_ms.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - q0).count());
                if (!answer || answer->empty()) return 1;
            }
            rows.push_back({"待遇查询 round trip on loopback, median / max of 20",
                            fixed(percentile(query_ms, 0.5), 2) + " / " +
                                fixed(percentile(query_ms, 1.0), 2) + " ms",
                            ""});
        }
        county->reset();
        fs::remove_all(dir);
    }

    std::cout << "| figure | value | aim |\n| --- | --- | --- |\n";
    for (const auto& r : rows)
        std::cout << "| " << r.figure << " | " << r.value << " | " << r.aim << " |\n";
    return 0;
}
