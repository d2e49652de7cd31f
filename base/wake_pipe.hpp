// A pipe that wakes a worker thread out of poll(), so that its owner can stop it at once: the
// device scanner's and the emulators' workers wait on their device and on this.
#pragma once

#include <expected>
#include <string>

namespace base {

class WakePipe {
  public:
    static std::expected<WakePipe, std::string> open();  // both ends non-blocking, close-on-exec

    WakePipe() = default;  // none open: wake() does nothing
    WakePipe(WakePipe&& other) noexcept;
    WakePipe& operator=(WakePipe&& other) noexcept;
    WakePipe(const WakePipe&) = delete;
    WakePipe& operator=(const WakePipe&) = delete;
    ~WakePipe();

    // For the worker's poll(): readable once wake() was called (and stays so).
    int read_fd() const { return read_fd_; }
    // Safe from any thread.
    void wake() const;

    // For the worker: waits until `fd` has something to read (or has hung up), wake() was
    // called, or `timeout_ms` passed (-1: no limit). Signals are waited through. fd -1 waits
    // for wake() and the timeout only. The error is poll()'s, in words.
    enum class Waited { readable, woken, timeout };
    std::expected<Waited, std::string> wait(int fd, int timeout_ms = -1) const;

  private:
    void close();
    int read_fd_ = -1, write_fd_ = -1;
};

}  // namespace base
