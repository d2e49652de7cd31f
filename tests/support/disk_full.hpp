// While a DiskFull lives, no file of this process grows past `limit` bytes: writes past it fail
// as they do on a full disk (EFBIG where a full file system says ENOSPC; the code under test
// calls both "full"). SIGXFSZ is ignored meanwhile so that the write fails rather than the
// process. The limit is the whole process's: only for tests that run one thing at a time.
#pragma once

#include <signal.h>
#include <sys/resource.h>

#include <doctest/doctest.h>

namespace test {

class DiskFull {
  public:
    explicit DiskFull(rlim_t limit) {
        ::getrlimit(RLIMIT_FSIZE, &saved_);
        old_handler_ = ::signal(SIGXFSZ, SIG_IGN);
        rlimit capped = saved_;
        capped.rlim_cur = limit;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &capped) == 0);
    }
    ~DiskFull() {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        ::signal(SIGXFSZ, old_handler_);
    }
    DiskFull(const DiskFull&) = delete;
    DiskFull& operator=(const DiskFull&) = delete;

  private:
    rlimit saved_{};
    sighandler_t old_handler_ = SIG_DFL;
};

}  // namespace test
