// Watches the ID card reader on a thread of its own: a card laid on the reader is reported once,
// again only after it was lifted, so a resident's card does not open their page over and over.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "scanner/id_card_reader.hpp"
#include "scanner/id_number.hpp"

namespace scanner {

class CardWatch {
  public:
    struct Event {
        std::optional<IdNumber> card;        // a new card
        std::optional<std::string> problem;  // for the log; never holds the number
    };
    using Callback = std::function<void(Event)>;

    // Polls every `interval` (readers answer in tens of milliseconds). A reader that cannot be
    // opened is reported and tried again.
    CardWatch(CardReaderOptions options, Callback on_event,
              std::chrono::milliseconds interval = std::chrono::milliseconds(400));
    ~CardWatch();
    CardWatch(const CardWatch&) = delete;
    CardWatch& operator=(const CardWatch&) = delete;

  private:
    void run();

    CardReaderOptions options_;
    Callback on_event_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace scanner
