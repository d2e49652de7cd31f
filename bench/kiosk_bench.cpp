// kiosk_bench: measures the figures the README keeps: start to first frame, idle CPU, peak RSS,
// and frame build and render times with the software renderer at 720x1280.
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
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/log.hpp"
#include "kiosk/app/kiosk_app.hpp"
#include "kiosk/core/bundle_reader.hpp"
#include "kiosk/app/script.hpp"
#include "kiosk/app/script_runner.hpp"
#include "kiosk/core/data_paths.hpp"
#include "kiosk/core/sheets.hpp"
#include "net/benefits.hpp"
#include "net/county/county.hpp"
#include "net/outbox.hpp"
#include "net/sync_worker.hpp"
#include "scanner/id_number.hpp"
#include "printer/job.hpp"

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

struct ProcessFigures {
    double first_frame_ms = -1;
    double idle_cpu_percent = -1;
    double peak_rss_mb = -1;
};

// Starts the kiosk headless as a resident would meet it (no script), times the first frame from
// the spawn, then lets it sit idle.
ProcessFigures measure_process(const std::string& kiosk, const std::string& config,
                               int idle_seconds) {
    ProcessFigures f;
    const auto data = fs::temp_directory_path() / ("mingbai-bench-" + std::to_string(::getpid()));
    fs::create_directories(data);
    int err_pipe[2];
    if (::pipe(err_pipe) != 0) return f;
    const auto spawned = Clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(err_pipe[1], 2);
        ::close(err_pipe[0]);
        ::unsetenv("DISPLAY");
        ::unsetenv("WAYLAND_DISPLAY");
        const std::string data_s = data.string();
        ::execl(kiosk.c_str(), kiosk.c_str(), "--headless", "--software", "--config",
                config.c_str(), "--data-dir", data_s.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(err_pipe[1]);
    std::string log;
    char buf[4096];
    pollfd pfd{err_pipe[0], POLLIN, 0};
    while (f.first_frame_ms < 0 && ::poll(&pfd, 1, 10'000) > 0) {
        const auto n = ::read(err_pipe[0], buf, sizeof buf);
        if (n <= 0) break;
        log.append(buf, static_cast<std::size_t>(n));
        if (log.find("first frame after") != std::string::npos) {
            f.first_frame_ms =
                std::chrono::duration<double, std::milli>(Clock::now() - spawned).count();
        }
    }
    if (f.first_frame_ms >= 0) {
        std::this_thread::sleep_for(std::chrono::seconds(1));  // let start-up work finish
        const long before = cpu_ticks(pid);
        std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
        const long after = cpu_ticks(pid);
        f.idle_cpu_percent = 100.0 * static_cast<double>(after - before) /
                             (static_cast<double>(::sysconf(_SC_CLK_TCK)) * idle_seconds);
        f.peak_rss_mb = static_cast<double>(peak_rss_kb(pid)) / 1024.0;
    } else {
        std::cerr << "kiosk_bench: the kiosk did not draw a first frame:\n" << log << "\n";
    }
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
    ::close(err_pipe[0]);
    fs::remove_all(data);
    return f;
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
    cli.add_option("--starts", starts, "Cold starts to take the median first frame of")
        ->capture_default_str();
    CLI11_PARSE(cli, argc, argv);

    std::vector<Row> rows;

    std::vector<double> first_frames;
    for (int i = 0; i < starts; ++i) {
        const auto f = measure_process(kiosk, config, i + 1 == starts ? idle_seconds : 0);
        if (f.first_frame_ms < 0) return 1;
        first_frames.push_back(f.first_frame_ms);
        if (i + 1 == starts) {
            rows.push_back({"start to first frame (median of " + std::to_string(starts) + ")",
                            fixed(percentile(first_frames, 0.5), 0) + " ms", "≤ 400 ms"});
            rows.push_back({"CPU over " + std::to_string(idle_seconds) + " s idle",
                            fixed(f.idle_cpu_percent, 2) + " %", "≤ 1 %"});
            rows.push_back({"peak RSS", fixed(f.peak_rss_mb, 1) + " MB", "≤ 150 MB"});
        }
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
    const auto bench_data = fs::temp_directory_path() / ("mingbai-bench-app-" + std::to_string(::getpid()));
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
    rows.push_back(
        {"glyphs in the font atlas (per size: UI + content)", std::to_string((*app)->glyph_count()), ""});

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
    auto* printing = (*app)->printing();
    if (!printing) {
        std::cerr << "kiosk_bench: printing unavailable\n";
        return 1;
    }
    const auto& content = (*app)->content();
    std::vector<double> layout_ms;
    for (const auto& item : content.items) {
        const auto t0 = Clock::now();
        auto prepared = printing->prepare(kiosk::core::item_sheet(content, item, base::today_local()), item.id);
        layout_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!prepared) {
            std::cerr << prepared.error() << "\n";
            return 1;
        }
    }
    rows.push_back({"明白纸 layout + raster, median of " + std::to_string(layout_ms.size()) + " items (max)",
                    fixed(percentile(layout_ms, 0.5), 1) + " ms (" + fixed(percentile(layout_ms, 1.0), 1) + ")", ""});

    const auto* dibao = content.item("dibao");
    auto prepared = printing->prepare(kiosk::core::item_sheet(content, *dibao, base::today_local()), "dibao");
    auto raster_job = printing->encode(*prepared);
    auto text_profile = printer::find_profile(kiosk::core::share_dir() / "printer-profiles", "80mm-text");
    auto text_job = text_profile ? printer::encode_text_job(prepared->sheet, *text_profile)
                                 : std::unexpected(std::string("no 80mm-text profile"));
    if (!raster_job || !text_job) {
        std::cerr << "kiosk_bench: cannot encode the 低保 sheet\n";
        return 1;
    }
    const double raster_bytes = static_cast<double>(raster_job->total_bytes());
    const double text_bytes = static_cast<double>(text_job->total_bytes());
    rows.push_back({"bytes per sheet (低保, " + std::to_string(static_cast<int>(prepared->length_mm)) +
                        " mm): raster / text mode",
                    std::to_string(raster_job->total_bytes()) + " / " + std::to_string(text_job->total_bytes()),
                    ""});
    // 8N1 serial: 10 bits a byte. USB full speed bulk to a printer: about 1 MB/s in practice.
    rows.push_back({"seconds per sheet on the wire at 115200 baud: raster / text mode",
                    fixed(raster_bytes * 10 / 115200, 1) + " / " + fixed(text_bytes * 10 / 115200, 2) + " s", ""});
    rows.push_back({"seconds per sheet on the wire over USB (1 MB/s): raster / text mode",
                    fixed(raster_bytes / 1e6, 2) + " / " + fixed(text_bytes / 1e6, 4) + " s", ""});

    // Tap on 「打印」 to the first byte at the printer: a scripted tap, the printer thread, the emulator.
    std::vector<double> first_byte_ms;
    for (int i = 0; i < 5; ++i) {
        auto script = kiosk::app::parse_script("tap 政策明白纸\ntap 低保\ntap 打印这页\nexpect 打印预览\ntap 打印\n"
                                               "expect 打好了\ntap 回到首页\n",
                                               "bench.script");
        std::ostringstream quiet;
        const auto outcome = kiosk::app::run_script(**app, *script, {fs::temp_directory_path()}, quiet);
        if (!outcome.ok) {
            std::cerr << "kiosk_bench: " << outcome.failure << "\n";
            return 1;
        }
        const auto jobs = printing->jobs();
        const auto& last = jobs.back();
        first_byte_ms.push_back(std::chrono::duration<double, std::milli>(last.first_byte - last.requested).count());
    }
    rows.push_back({"tap 「打印」 to first byte at the printer, median of 5",
                    fixed(percentile(first_byte_ms, 0.5), 2) + " ms", ""});

    app->reset();
    fs::remove_all(bench_data);

    // Requests: store latency with the fsync that makes them durable, then draining the outbox
    // to the reference county server on loopback.
    {
        const auto dir = fs::temp_directory_path() / ("mingbai-bench-outbox-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        auto outbox = net::Outbox::open(dir);
        auto county = county::CountyServer::start({"127.0.0.1", 0, dir / "county.db", "tok", 0, 0, 0, 1, ""});
        if (!outbox || !county) {
            std::cerr << "kiosk_bench: outbox or county server did not start\n";
            return 1;
        }
        constexpr int kStored = 200;
        std::vector<double> store_ms;
        for (int i = 0; i < kStored; ++i) {
            char first17[32];
            std::snprintf(first17, sizeof first17, "99010219%02d0101%03d", 40 + i % 50, i % 1000);
            net::NewRequest r{"linshi", "临时救助", "材料审核", std::string(first17) + scanner::id_check_character(first17),
                              "9901**********0000", "13800001234", "138****1234", {"医院的诊断证明"}, "", "2026-11-22T10:00:00+08:00",
                              "2026-11-25", 3};
            const auto t0 = Clock::now();
            if (!(*outbox)->store(r)) return 1;
            store_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        rows.push_back({"request store (durable, synchronous=FULL), median / p99",
                        fixed(percentile(store_ms, 0.5), 2) + " / " + fixed(percentile(store_ms, 0.99), 2) + " ms", ""});
        net::HttpClientOptions http;
        http.base_url = (*county)->url();
        http.token = "tok";
        http.kiosk_id = "bench";
        net::SyncOptions sync_options;
        sync_options.background = false;
        net::SyncWorker sync(**outbox, http, sync_options);
        const auto t0 = Clock::now();
        const bool empty = sync.until_empty(std::chrono::seconds(120));
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (!empty) {
            std::cerr << "kiosk_bench: the outbox did not drain\n";
            return 1;
        }
        rows.push_back({"drain " + std::to_string(kStored) + " requests to the county server on loopback",
                        fixed(kStored / seconds, 0) + " requests/s", ""});
        // What one request costs on the wire: the JSON bodies both ways (HTTP headers, about 300 B
        // each way with curl and cpp-httplib, and TLS framing come on top).
        rows.push_back({"bytes on the wire per request: JSON body out / answer back",
                        std::to_string(sync.request_bytes_out() / kStored) + " / " +
                            std::to_string(sync.request_bytes_in() / kStored) + " B",
                        ""});
        // 待遇查询: the query round trip to the county on loopback, as a resident waits for it.
        if (auto imported = county::import_benefits(dir / "county.db", std::filesystem::path(SOURCE_DIR) / "net" /
                                                                        "sample_benefits.csv");
            !imported) {
            std::cerr << "kiosk_bench: " << imported.error() << "\n";
        } else {
            std::vector<double> query_ms;
            for (int i = 0; i < 20; ++i) {
                const auto q0 = Clock::now();
                auto answer = net::query_benefits(http, "990102195803120015");
                query_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - q0).count());
                if (!answer || answer->empty()) return 1;
            }
            rows.push_back({"待遇查询 round trip on loopback, median / max of 20",
                            fixed(percentile(query_ms, 0.5), 2) + " / " + fixed(percentile(query_ms, 1.0), 2) + " ms", ""});
        }
        county->reset();
        fs::remove_all(dir);
    }

    std::cout << "| figure | value | aim |\n| --- | --- | --- |\n";
    for (const auto& r : rows)
        std::cout << "| " << r.figure << " | " << r.value << " | " << r.aim << " |\n";
    return 0;
}
