// Pseudo-terminals for the device emulators: a raw pty whose slave path a serial transport can
// open as if a printer or a card reader were on the line.
#pragma once

#include <expected>
#include <string>

namespace base {

class Pty {
  public:
    // The master is non-blocking, so that answers nobody reads cannot stall an emulator. The
    // slave is opened and held: that keeps the master from reporting a hang-up (and poll() from
    // spinning) while no client has it open; it is in raw mode, as a real line carries bytes.
    static std::expected<Pty, std::string> open_raw();

    Pty() = default;  // none open
    Pty(Pty&& other) noexcept;
    Pty& operator=(Pty&& other) noexcept;
    Pty(const Pty&) = delete;
    Pty& operator=(const Pty&) = delete;
    ~Pty();

    int master_fd() const { return master_fd_; }                   // -1 when none is open
    const std::string& slave_path() const { return slave_path_; }  // "/dev/pts/3"

  private:
    void close();
    int master_fd_ = -1, slave_fd_ = -1;
    std::string slave_path_;
};

}  // namespace base
