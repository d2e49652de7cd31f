// Watches the ID card reader.
#include "scanner/card_watch.hpp"

namespace scanner {

CardWatch::CardWatch(CardReaderOptions options, Callback on_event,
                     std::chrono::milliseconds interval)
    : options_(std::move(options)),
      on_event_(std::move(on_event)),
      interval_(interval),
      thread_([this] { run(); }) {}

CardWatch::~CardWatch() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void CardWatch::run() {
    std::unique_ptr<IdCardReader> reader;
    std::string last_problem;
    bool card_present = false;
    std::unique_lock lock(mutex_);
    while (!stop_) {
        lock.unlock();
        std::optional<Event> event;
        if (!reader) {
            auto opened = IdCardReader::open(options_);
            if (opened) {
                reader = std::move(*opened);
                last_problem.clear();
            } else if (opened.error() != last_problem) {
                last_problem = opened.error();
                event = Event{std::nullopt, last_problem};
            }
        }
        if (reader) {
            auto read = reader->read_card();
            if (!read) {
                if (read.error() != last_problem) event = Event{std::nullopt, read.error()};
                last_problem = read.error();
            } else if (*read) {
                if (!card_present) event = Event{std::move(**read), std::nullopt};
                card_present = true;
                last_problem.clear();
            } else {
                card_present = false;
            }
        }
        if (event) on_event_(std::move(*event));
        lock.lock();
        wake_.wait_for(lock, interval_, [&] { return stop_; });
    }
}

}  // namespace scanner
