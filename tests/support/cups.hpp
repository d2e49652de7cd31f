// A throwaway CUPS (Debian's /usr/sbin/cupsd) with cups-pdf queues: a real print server and a
// real A4 printer stand-in whose output is a PDF file. Its config, spool, logs and socket live in
// a folder of its own, removed afterwards; clients reach it by CUPS_SERVER=<folder>/cups.sock.
// cups-pdf reads its settings only from /etc/cups/cups-pdf.conf, so cupsd runs in a mount
// namespace of its own where /etc/cups is the folder's etc-cups/ (bind-mounted): cups-pdf then
// writes into the folder, and nothing on the machine's /etc, /var or /run is touched. That needs
// root (CAP_SYS_ADMIN), as the tests have here and in CI.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <expected>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "printer/cups_queue.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace test {

class CupsServer {
  public:
    static constexpr const char* kCupsd = "/usr/sbin/cupsd";
    static constexpr const char* kLpadmin = "/usr/sbin/lpadmin";
    static constexpr const char* kCupsPdf = "/usr/lib/cups/backend/cups-pdf";
    static constexpr const char* kCupsPdfPpd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd";
    // How long start-up may take at most: only so that a broken cupsd fails the test instead of
    // hanging it. Nothing waits this long when things work.
    static constexpr std::chrono::seconds kPatience{15};

    // Why a CUPS of its own cannot run here ("" when it can): not root, or a package missing.
    static std::string unavailable() {
        if (::geteuid() != 0) return "a cupsd of the test's own needs root (a mount namespace)";
        for (const char* f : {kCupsd, kLpadmin, kCupsPdf, kCupsPdfPpd}) {
            if (::access(f, R_OK) != 0) {
                return std::string(f) +
                       " is missing: install cups and printer-driver-cups-pdf "
                       "(image/install-build-deps.sh)";
            }
        }
        return "";
    }

    // Starts cupsd and returns once it answers on its socket.
    static std::expected<CupsServer, std::string> start() {
        if (auto why = unavailable(); !why.empty()) return std::unexpected(why);
        std::unique_ptr<State> s(new State);
        if (auto ok = s->launch(); !ok) return std::unexpected(ok.error());
        return CupsServer(std::move(s));
    }

    CupsServer(CupsServer&&) noexcept = default;
    CupsServer& operator=(CupsServer&&) noexcept = default;
    ~CupsServer() = default;

    // For CUPS_SERVER and `lpadmin -h`.
    std::string socket() const { return (state_->dir.path / "cups.sock").string(); }
    // Where cups-pdf writes each job's PDF.
    std::filesystem::path out_dir() const { return state_->dir.path / "out"; }
    const std::filesystem::path& folder() const { return state_->dir.path; }
    std::string error_log() const { return read_file(state_->dir.path / "log" / "error_log"); }

    // A cups-pdf queue named `name`, enabled and accepting jobs, as staff would add the office
    // printer (lpadmin, the PPD of printer-driver-cups-pdf).
    std::expected<void, std::string> add_pdf_queue(const std::string& name) const {
        const std::string line = std::string(kLpadmin) + " -h '" + socket() + "' -p '" + name +
                                 "' -E -v cups-pdf:/ -P " + kCupsPdfPpd + " 2>&1";
        FILE* pipe = ::popen(line.c_str(), "r");
        if (!pipe) return std::unexpected(std::string("cannot run lpadmin"));
        std::string out;
        char buf[512];
        while (const auto n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
        if (::pclose(pipe) != 0) return std::unexpected("lpadmin failed: " + out);
        return {};
    }

    // The PDFs cups-pdf has written so far.
    std::vector<std::filesystem::path> pdfs() const {
        std::vector<std::filesystem::path> out;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(out_dir(), ec)) {
            if (e.path().extension() == ".pdf") out.push_back(e.path());
        }
        return out;
    }

  private:
    struct State {
        TempDir dir{"cups"};
        pid_t pid = -1;

        State() = default;
        State(const State&) = delete;
        State& operator=(const State&) = delete;
        ~State() { stop(); }

        // SIGTERM, then SIGKILL should it not go within kPatience.
        void stop() { stop_server(pid, kPatience); }

        std::expected<void, std::string> launch() {
            namespace fs = std::filesystem;
            const fs::path& d = dir.path;
            for (const char* sub :
                 {"root", "etc-cups", "spool", "cache", "state", "log", "out", "cups-pdf-spool"}) {
                fs::create_directories(d / sub);
            }
            // The filters run as the user lp: they must reach the spool through the folders.
            for (fs::path p = d; p != p.parent_path() && p != fs::temp_directory_path();
                 p = p.parent_path()) {
                ::chmod(p.c_str(), 0755);
            }
            std::ofstream(d / "root" / "cupsd.conf") << cupsd_conf(d);
            std::ofstream(d / "root" / "cups-files.conf") << files_conf(d);
            std::ofstream(d / "etc-cups" / "cups-pdf.conf") << cups_pdf_conf(d);
            const std::string conf = (d / "root" / "cupsd.conf").string();
            const std::string files = (d / "root" / "cups-files.conf").string();
            const std::string etc = (d / "etc-cups").string();
            const std::string output = (d / "log" / "output.log").string();
            const char* argv[] = {kCupsd, "-f", "-c", conf.c_str(), "-s", files.c_str(), nullptr};
            const pid_t parent = ::getpid();
            const pid_t child = ::fork();
            if (child < 0) return std::unexpected(std::string("fork failed"));
            if (child == 0) {
                // Only async-signal-safe calls here: the test program may have threads.
                ::prctl(PR_SET_PDEATHSIG, SIGTERM);
                if (::getppid() != parent) ::_exit(127);
                const int in = ::open("/dev/null", O_RDONLY);
                const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                if (in >= 0) ::dup2(in, 0);
                if (out >= 0) {
                    ::dup2(out, 1);
                    ::dup2(out, 2);
                }
                // /etc/cups as this folder's etc-cups/, for cupsd's children only.
                if (::unshare(CLONE_NEWNS) != 0 ||
                    ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
                    ::mount(etc.c_str(), "/etc/cups", nullptr, MS_BIND, nullptr) != 0) {
                    const char msg[] = "cannot bind-mount /etc/cups in a mount namespace\n";
                    [[maybe_unused]] auto n = ::write(2, msg, sizeof msg - 1);
                    ::_exit(126);
                }
                ::execv(kCupsd, const_cast<char* const*>(argv));
                ::_exit(127);
            }
            pid = child;
            // Ready: its socket takes a connection.
            const auto deadline = std::chrono::steady_clock::now() + kPatience;
            const fs::path sock = d / "cups.sock";
            while (!answers(sock)) {
                int status = 0;
                if (::waitpid(pid, &status, WNOHANG) == pid) {
                    pid = -1;
                    return std::unexpected("cupsd exited: " + read_file(output) +
                                           read_file(d / "log" / "error_log"));
                }
                if (std::chrono::steady_clock::now() >= deadline) {
                    stop();
                    return std::unexpected("cupsd did not answer within " +
                                           std::to_string(kPatience.count()) +
                                           " s: " + read_file(d / "log" / "error_log"));
                }
                ::poll(nullptr, 0, 20);
            }
            return {};
        }
    };

    explicit CupsServer(std::unique_ptr<State> s) : state_(std::move(s)) {}

    static bool answers(const std::filesystem::path& sock) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return false;
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::strncpy(a.sun_path, sock.c_str(), sizeof a.sun_path - 1);
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        return ok;
    }

    static std::string cupsd_conf(const std::filesystem::path& d) {
        std::string c;
        c += "Listen " + (d / "cups.sock").string() + "\n";
        c += "LogLevel info\n";
        c += "WebInterface No\n";
        c += "Browsing Off\n";
        c += "DefaultShared No\n";
        // No default queue unless a test sets one: "no default queue" is a case to test.
        c += "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n";
        c += "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n";
        c += "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n";
        return c;
    }

    static std::string files_conf(const std::filesystem::path& d) {
        std::string c;
        c += "ServerRoot " + (d / "root").string() + "\n";
        c += "RequestRoot " + (d / "spool").string() + "\n";
        c += "TempDir " + (d / "spool").string() + "\n";
        c += "CacheDir " + (d / "cache").string() + "\n";
        c += "StateDir " + (d / "state").string() + "\n";
        c += "ErrorLog " + (d / "log" / "error_log").string() + "\n";
        c += "AccessLog " + (d / "log" / "access_log").string() + "\n";
        c += "PageLog " + (d / "log" / "page_log").string() + "\n";
        c += "SystemGroup root\n";
        return c;
    }

    static std::string cups_pdf_conf(const std::filesystem::path& d) {
        std::string c;
        c += "Out " + (d / "out").string() + "\n";
        c += "AnonDirName " + (d / "out").string() + "\n";
        c += "Spool " + (d / "cups-pdf-spool").string() + "\n";
        c += "Log " + (d / "log").string() + "\n";
        c += "Grp root\n";
        return c;
    }

    static std::string read_file(const std::filesystem::path& p) { return read_whole_file(p); }

    std::unique_ptr<State> state_;
};

// Follows a job through CUPS (filters, cups-pdf, Ghostscript) until it ends, within `patience`
// (a bound for a broken CUPS, not a wait: it returns as soon as the job is done).
inline printer::CupsJobState wait_for_cups_job(const std::string& queue, int job,
                                               std::chrono::seconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (;;) {
        const auto now = printer::cups_job_state(queue, job);
        if (!now) return printer::CupsJobState::aborted;
        const auto state = *now;
        if (state == printer::CupsJobState::completed || state == printer::CupsJobState::aborted ||
            state == printer::CupsJobState::canceled ||
            std::chrono::steady_clock::now() >= deadline) {
            return state;
        }
        ::poll(nullptr, 0, 50);
    }
}

}  // namespace test
