// The county server's life: checking its options, opening the database, listening on its own
// thread with a pool of workers that serve connections within limits, stopping.
#include "net/county/server.hpp"

#include <sodium.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>

#include "base/date.hpp"
#include "base/log.hpp"
#include "base/wake_pipe.hpp"
#include "net/county/connection.hpp"
#include "net/county/published_content.hpp"
#include "net/county/routes.hpp"
#include "net/county/storage.hpp"

namespace county {
namespace {

// A connection holds a worker while it is open: up to ConnectionLimits::idle between requests,
// up to the head and body limits while a request comes in. httplib's default is eight workers on
// a small machine; eight slow clients would leave none for the kiosks.
constexpr std::size_t kWorkers = 64;

// Workers started as connections need them, up to `most`, and kept once started: a county that
// serves a few kiosks runs a few threads, one under a flood of slow clients many. (httplib's
// ThreadPool starts all of them at once, which costs every start of a server, in tests too.)
class WorkerPool final : public httplib::TaskQueue {
  public:
    explicit WorkerPool(std::size_t most) : most_(most) {}

    void enqueue(std::function<void()> job) override {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
        if (jobs_.size() > idle_ && threads_.size() < most_) {
            threads_.emplace_back([this] { work(); });
        }
        ready_.notify_one();
    }

    // Called once the accept loop has ended: the jobs queued still run, then the workers end.
    void shutdown() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (std::thread& thread : threads_) thread.join();
    }

  private:
    void work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            ++idle_;
            ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (jobs_.empty()) return;
            std::function<void()> job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            job();
            lock.lock();
        }
    }

    const std::size_t most_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;  // workers waiting for a job
    bool stopping_ = false;
};

// httplib's server with the county's connections: a larger pool, each connection served by
// serve_connection (bounded reads), and a pipe that wakes every worker when it stops.
class HttpServer : public httplib::Server {
  public:
    HttpServer(const ConnectionLimits& limits, base::WakePipe stopping)
        : limits_(limits), stopping_(std::move(stopping)) {
        new_task_queue = [] { return new WorkerPool(kWorkers); };
    }

    // httplib listens with a backlog of 5: a few kiosks connecting at once would see their SYNs
    // dropped and retried a second later. Listening again on the bound socket widens it.
    void widen_backlog() { ::listen(svr_sock_, SOMAXCONN); }

    // Stops serving: wakes the workers out of any wait on a client, then stops the loop, which
    // joins them.
    void shut_down() {
        stopping_.wake();
        stop();
    }

  private:
    bool process_and_close_socket(socket_t sock) override {
        serve_connection(sock, limits_, stopping_,
                         [this](httplib::Stream& stream, bool last, bool& closed,
                                const std::function<void(httplib::Request&)>& setup) {
                             return process_request(stream, last, closed, setup);
                         });
        return true;
    }

    ConnectionLimits limits_;
    base::WakePipe stopping_;
};

}  // namespace

struct CountyServer::Impl {
    CountyServerOptions options;
    Routes routes;
    HttpServer http;
    std::thread thread;
    int port = 0;

    Impl(CountyServerOptions o, std::unique_ptr<Store> store,
         std::unique_ptr<PublishedContent> content, std::optional<base::Date> today,
         base::WakePipe stopping)
        : options(std::move(o)),
          routes(
              options.token, std::move(store), std::move(content),
              FaultSettings{options.fail_rate, options.drop_rate, options.delay_ms, options.seed},
              today),
          http(ConnectionLimits{.head = std::chrono::milliseconds(options.head_timeout_ms),
                                .body = std::chrono::milliseconds(options.body_timeout_ms)},
               std::move(stopping)) {}
};

CountyServer::CountyServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CountyServer::~CountyServer() {
    impl_->http.shut_down();
    if (impl_->thread.joinable()) impl_->thread.join();
}

int CountyServer::port() const {
    return impl_->port;
}

std::string CountyServer::url() const {
    const std::string& host = impl_->options.host;
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

std::expected<std::unique_ptr<CountyServer>, std::string> CountyServer::start(
    CountyServerOptions options) {
    if (!(options.fail_rate >= 0 && options.fail_rate <= 1)) {
        return std::unexpected("fail rate must be between 0 and 1");
    }
    if (!(options.drop_rate >= 0 && options.drop_rate <= 1)) {
        return std::unexpected("drop rate must be between 0 and 1");
    }
    if (options.delay_ms < 0) return std::unexpected("delay must not be negative");
    if (options.head_timeout_ms <= 0 || options.body_timeout_ms <= 0) {
        return std::unexpected("head and body timeouts must be positive");
    }
    if (options.port < 0 || options.port > 65535) return std::unexpected("port out of range");
    if (options.db.empty()) return std::unexpected("no database file given");
    std::optional<base::Date> fixed_today;
    if (!options.today.empty()) {
        fixed_today = base::parse_date(options.today);
        if (!fixed_today) {
            return std::unexpected("today: \"" + options.today + "\" is not YYYY-MM-DD");
        }
    }
    if (sodium_init() < 0) return std::unexpected("libsodium failed to initialise");

    std::unique_ptr<PublishedContent> content;
    if (!options.content_dir.empty()) {
        auto opened = PublishedContent::open(options.content_dir);
        if (!opened) return std::unexpected(opened.error());
        content = std::move(*opened);
    }

    auto stopping = base::WakePipe::open();
    if (!stopping) return std::unexpected(stopping.error());
    auto store = Store::open(options.db);
    if (!store) return std::unexpected(store.error());
    auto impl = std::make_unique<Impl>(std::move(options), std::move(*store), std::move(content),
                                       fixed_today, std::move(*stopping));
    impl->routes.install(impl->http);
    const std::string& host = impl->options.host;
    if (impl->options.port == 0) {
        impl->port = impl->http.bind_to_any_port(host);
        if (impl->port < 0) return std::unexpected("cannot listen on " + host);
    } else {
        if (!impl->http.bind_to_port(host, impl->options.port)) {
            return std::unexpected("cannot listen on " + host + ":" +
                                   std::to_string(impl->options.port));
        }
        impl->port = impl->options.port;
    }
    impl->routes.set_port(impl->port);
    impl->http.widen_backlog();
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->http.listen_after_bind(); });
    // Connections queue on the bound socket already; the wait is so that stop() in the
    // destructor finds the loop running (httplib ignores a stop() that comes before it).
    while (!impl->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    base::log::info("county", "listening on ", host, ":", impl->port);
    return std::unique_ptr<CountyServer>(new CountyServer(std::move(impl)));
}

}  // namespace county
