// 待遇查询: one resident's 享受待遇信息 from the county, asked on a thread of its own so that the
// screen never waits, with a short time limit because a resident is standing there. The thread
// reports back through `wake`, so the answer is on screen within a frame. Nothing of the answer
// is written to disk; dropping the Pending forgets it.
#pragma once

#include <functional>
#include "kiosk/core/benefit_view.hpp"
#include "kiosk/core/config.hpp"
#include "kiosk/core/worker.hpp"
#include "scanner/id_number.hpp"

namespace kiosk::core {

class BenefitService {
  public:
    // `wake` is called from the query's thread once its answer is in.
    BenefitService(const Config& config, std::function<void()> wake);

    // Whether a county is configured to ask at all.
    bool available() const { return !config_.county.url.empty(); }
    // Asks on a thread of its own; the thread is not waited for by anyone, so a resident who
    // walks away never makes the screen wait for a slow county.
    Pending<BenefitAnswer> ask(const scanner::IdNumber& id) const;
    // The same on the calling thread, for kioskctl.
    BenefitAnswer ask_now(const scanner::IdNumber& id) const;

  private:
    Config config_;
    std::function<void()> wake_;
};

}  // namespace kiosk::core
