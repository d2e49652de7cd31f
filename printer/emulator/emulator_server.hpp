// The emulator on a real transport: a TCP port like a network printer's 9100, or a
// pseudo-terminal a serial transport can open, served by one worker thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "base/pty.hpp"
#include "base/wake_pipe.hpp"
#include "printer/emulator/escpos_emulator.hpp"

namespace printer::emulator {

class EmulatorServer {
  public:
    // TCP: listens on host:port (port 0 picks a free one). Serves one connection at a time, as
    // a printer does; the next waits in the backlog until the current one closes.
    static std::expected<std::unique_ptr<EmulatorServer>, std::string> listen_tcp(
        const std::string& host, int port, EmulatorOptions options, std::string png_dir = {});
    // Pseudo-terminal: a raw pty whose slave path (pty_path()) a serial transport can open.
    static std::expected<std::unique_ptr<EmulatorServer>, std::string> open_pty(
        EmulatorOptions options, std::string png_dir = {});

    ~EmulatorServer();  // stops the worker, closes everything
    EmulatorServer(const EmulatorServer&) = delete;
    EmulatorServer& operator=(const EmulatorServer&) = delete;

    int port() const { return port_; }                          // TCP; 0 for a pty
    std::string pty_path() const { return pty_.slave_path(); }  // empty for TCP
    // "sheet-0001" for index 0: sheets are numbered from 1, as people count them.
    static std::string sheet_name(std::size_t index);
    // Where sheet `index` is written; empty when no PNG folder was given.
    std::string sheet_png_path(std::size_t index) const;

    // Prints "printed sheet-NNNN.png (W x H dots, L mm)" on stdout for every sheet, for the
    // printer_emulator program; off by default so tests stay quiet.
    void announce_sheets(bool on) { announce_ = on; }

    // Runs f(EscPosEmulator&) with the worker held off, and returns a copy of what f returns:
    // references into the emulator are not safe once the lock is released. Waiters wake
    // afterwards, in case f fed bytes or cut paper itself.
    template <class F>
    auto with_emulator(F&& f) {
        struct NotifyAfterUnlock {
            std::condition_variable& changed;
            ~NotifyAfterUnlock() { changed.notify_all(); }
        } notify{changed_};
        std::lock_guard lock(mutex_);
        return std::forward<F>(f)(emulator_);
    }

    // Block until the emulator holds at least n sheets, or the total bytes received reach
    // total_bytes; false when the timeout passes first.
    bool wait_for_sheets(std::size_t n, int timeout_ms);
    bool wait_for_bytes(std::size_t total_bytes, int timeout_ms);

  private:
    EmulatorServer(EmulatorOptions options, std::string png_dir);
    std::expected<void, std::string> start();
    void run();
    // Reads what is there and answers it; false when the pty fails and the worker must stop.
    bool serve_bytes(int fd);
    void write_new_sheets();  // with mutex_ held

    EmulatorOptions options_;
    std::string png_dir_;
    int port_ = 0;

    int listen_fd_ = -1, client_fd_ = -1;  // TCP
    base::Pty pty_;
    base::WakePipe wake_;  // stops the worker
    std::atomic<bool> announce_ = false;
    bool dropping_answers_ = false;  // worker only

    std::mutex mutex_;
    std::condition_variable changed_;
    EscPosEmulator emulator_;  // guarded by mutex_
    std::size_t sheets_written_ = 0;
    std::thread worker_;
};

}  // namespace printer::emulator
