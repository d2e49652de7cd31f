// The kiosk where it really runs: its own program in a real X11 window (Xvfb), driven by real
// pointer events (xdotool), against the county server program on loopback. It finds the buttons
// through the kiosk's debug log ("buttons on <screen>: [label]@x,y …"), taps them as a mouse
// would, and follows the screens the kiosk logs. 待遇查询 shows the county's answer once it is in,
// and says plainly when the county is down.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

// How long any one thing may take before the test gives up: only so that a broken build
// cannot hang CI. Nothing here is a measure of speed.
constexpr auto kHangGuard = std::chrono::seconds(60);

// A program of ours or of the system, its stdout and stderr read line by line.
class Child {
  public:
    Child(std::vector<std::string> argv, std::vector<std::string> env = {}) {
        int out[2];
        REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(out[1], 1);
            ::dup2(out[1], 2);
            for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            std::perror(args[0]);
            ::_exit(127);
        }
        ::close(out[1]);
        reader_ = std::thread([this, fd = out[0]] {
            std::string partial;
            char buf[4096];
            ssize_t n;
            while ((n = ::read(fd, buf, sizeof buf)) > 0) {
                partial.append(buf, static_cast<std::size_t>(n));
                std::size_t nl;
                while ((nl = partial.find('\n')) != std::string::npos) {
                    std::lock_guard lock(mutex_);
                    lines_.push_back(partial.substr(0, nl));
                    partial.erase(0, nl + 1);
                    changed_.notify_all();
                }
            }
            ::close(fd);
            std::lock_guard lock(mutex_);
            ended_ = true;
            changed_.notify_all();
        });
    }
    ~Child() {
        stop();
        reader_.join();
    }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

    // The first line from `from` on that contains `text` (or ends with it); its index in *at.
    std::optional<std::string> wait_for(const std::string& text, std::size_t from = 0,
                                        std::size_t* at = nullptr, bool at_end = false) {
        std::unique_lock lock(mutex_);
        std::optional<std::string> found;
        changed_.wait_for(lock, kHangGuard, [&] {
            for (std::size_t i = from; i < lines_.size(); ++i) {
                if (at_end ? lines_[i].ends_with(text)
                           : lines_[i].find(text) != std::string::npos) {
                    found = lines_[i];
                    if (at) *at = i;
                    return true;
                }
            }
            return ended_;
        });
        return found;
    }
    std::size_t line_count() {
        std::lock_guard lock(mutex_);
        return lines_.size();
    }
    std::string output() {
        std::lock_guard lock(mutex_);
        std::string all;
        for (const auto& l : lines_) all += l + "\n";
        return all;
    }

  private:
    pid_t pid_ = -1;
    std::thread reader_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> lines_;
    bool ended_ = false;
};

std::string run(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    REQUIRE(p);
    char buf[512];
    while (const auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    ::pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// Xvfb on a display number it picks itself.
struct Xvfb {
    std::unique_ptr<Child> child;
    std::string display;
    Xvfb() {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        child = std::make_unique<Child>(
            std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0",
                                     "800x1320x24", "-nolisten", "tcp"});
        ::close(fds[1]);
        char buf[32] = {};
        const auto n = ::read(fds[0], buf, sizeof buf - 1);
        ::close(fds[0]);
        REQUIRE_MESSAGE(n > 0, "Xvfb did not start: " << child->output());
        display = ":" + std::string(buf, static_cast<std::size_t>(n));
        while (!display.empty() && display.back() == '\n') display.pop_back();
    }
};

// The kiosk's buttons on the screen it names, from its debug log line.
std::map<std::string, std::pair<int, int>> buttons(const std::string& log_line) {
    std::map<std::string, std::pair<int, int>> out;
    static const std::regex button(R"(\[([^\]]*)\]@(-?\d+),(-?\d+))");
    for (auto it = std::sregex_iterator(log_line.begin(), log_line.end(), button);
         it != std::sregex_iterator(); ++it) {
        out[(*it)[1]] = {std::stoi((*it)[2]), std::stoi((*it)[3])};
    }
    return out;
}

class WindowedKiosk {
  public:
    WindowedKiosk(const Xvfb& x, const fs::path& config, const fs::path& data)
        : display_(x.display) {
        kiosk_ = std::make_unique<Child>(
            std::vector<std::string>{std::string(BIN_DIR) + "/kiosk", "--config", config.string(),
                                     "--data-dir", data.string(), "--log-level", "debug"},
            std::vector<std::string>{"DISPLAY=" + display_});
        const auto wid =
            run("DISPLAY=" + display_ + " xdotool search --sync --classname kiosk | head -1");
        REQUIRE_MESSAGE(!wid.empty(), kiosk_->output());
        window_ = wid;
        // A person taps what is on the screen: nothing before the first frame is shown (a click
        // while the window is still being put up can land on the root window and be lost).
        REQUIRE_MESSAGE(kiosk_->wait_for("first frame after").has_value(), kiosk_->output());
    }

    // Waits until the kiosk has drawn `screen` whole, and returns where its buttons are.
    std::map<std::string, std::pair<int, int>> on(const std::string& screen) {
        const auto line = kiosk_->wait_for("buttons on " + screen + ":", from_, &from_);
        REQUIRE_MESSAGE(line.has_value(), "never on " << screen << ":\n" << kiosk_->output());
        ++from_;
        return buttons(*line);
    }

    // A real click: the pointer moves onto the button in the window, presses and releases;
    // then, as a person would, it waits to see the tap land before the next one.
    void click(const std::map<std::string, std::pair<int, int>>& on_screen,
               const std::string& label) {
        const auto it = on_screen.find(label);
        REQUIRE_MESSAGE(it != on_screen.end(), "no button " << label);
        const std::size_t before = kiosk_->line_count();
        run("DISPLAY=" + display_ + " xdotool mousemove --window " + window_ + " " +
            std::to_string(it->second.first) + " " + std::to_string(it->second.second) +
            " click 1");
        std::size_t at = 0;
        REQUIRE_MESSAGE(kiosk_->wait_for("] tapped " + label, before, &at, true).has_value(),
                        "the tap on " << label << " did not land:\n"
                                      << kiosk_->output());
        from_ = std::max(from_, at + 1);
    }

    Child& process() { return *kiosk_; }

  private:
    std::string display_, window_;
    std::unique_ptr<Child> kiosk_;
    std::size_t from_ = 0;
};

fs::path scratch(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("mingbai-window-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// From home to the county's answer, by the on-screen keypad.
void ask_county(WindowedKiosk& k, const std::string& id_number) {
    k.click(k.on("home"), "待遇查询");
    k.click(k.on("status:identify"), "手动输入身份证号");
    auto keys = k.on("status:keypad");
    for (const char c : id_number) k.click(keys, std::string(1, c));
    // 「确定」 comes alive once the number is whole; the keypad screen does not change name.
    k.click(keys, "确定");
    k.click(k.on("status:consent"), "同意");
}

}  // namespace

TEST_CASE(
    "in a real window, 待遇查询 shows the county's answer, and says so when the county is down") {
    Xvfb x;
    const auto dir = scratch("status");
    const auto db = dir / "county.db";
    const std::string county_bin = std::string(BIN_DIR) + "/county-server";
    REQUIRE(run(county_bin + " import-benefits --db " + db.string() + " " + SOURCE_DIR +
                "/net/sample_benefits.csv 2>&1")
                .find("imported") != std::string::npos);
    auto county = std::make_unique<Child>(std::vector<std::string>{
        county_bin, "--listen", "127.0.0.1:0", "--db", db.string(), "--token", "tok"});
    const auto listening = county->wait_for("listening on http://");
    REQUIRE(listening.has_value());
    const std::string url = listening->substr(listening->find("http://"));

    const auto config = dir / "kiosk.toml";
    std::ofstream(config) << "[county]\nurl = \"" << url
                          << "\"\ntoken = \"tok\"\nkiosk_id = \"k1\"\n";
    WindowedKiosk kiosk(x, config, dir / "data");

    const std::size_t asked = kiosk.process().line_count();
    ask_county(kiosk, "990102195803120015");
    auto results = kiosk.on("status:results");
    // The answer came with a report that woke the loop, rather than waiting for a timer to draw.
    std::size_t answered = 0;
    REQUIRE(kiosk.process().wait_for("the county's answer is in: found", asked, &answered));
    CHECK(kiosk.process().wait_for("woken by a core worker's report", answered));
    CHECK(results.contains("完成"));
    CHECK(kiosk.process().output().find("990102195803120015") == std::string::npos);
    kiosk.click(results, "完成");

    // The county goes down: the resident is told so, not kept waiting.
    county->stop();
    const std::size_t asked_again = kiosk.process().line_count();
    ask_county(kiosk, "990102195803120015");
    const auto down = kiosk.on("status:unreachable");
    REQUIRE(
        kiosk.process().wait_for("the county's answer is in: unreachable", asked_again, &answered));
    CHECK(kiosk.process().wait_for("woken by a core worker's report", answered));
    CHECK(down.contains("留个查询请求"));
    kiosk.click(down, "完成");
    kiosk.on("home");
}
