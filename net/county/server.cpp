// The county server's life: checking its options, opening the database, listening on its own
// thread, stopping.
#include "net/county/server.hpp"

#include <sodium.h>
#include <sys/socket.h>

#include <chrono>
#include <optional>
#include <thread>
#include <utility>

#include <httplib.h>

#include "base/date.hpp"
#include "base/log.hpp"
#include "net/county/routes.hpp"
#include "net/county/storage.hpp"

namespace county {
namespace {

// httplib listens with a backlog of 5: a few kiosks connecting at once would see their SYNs
// dropped and retried a second later. Listening again on the bound socket widens it.
class HttpServer : public httplib::Server {
  public:
    void widen_backlog() { ::listen(svr_sock_, SOMAXCONN); }
};

}  // namespace

struct CountyServer::Impl {
    CountyServerOptions options;
    Routes routes;
    HttpServer http;
    std::thread thread;
    int port = 0;

    Impl(CountyServerOptions o, std::unique_ptr<Store> store, std::optional<base::Date> today)
        : options(std::move(o)),
          routes(
              options.token, std::move(store),
              FaultSettings{options.fail_rate, options.drop_rate, options.delay_ms, options.seed},
              today) {}
};

CountyServer::CountyServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CountyServer::~CountyServer() {
    impl_->http.stop();
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

    auto store = Store::open(options.db);
    if (!store) return std::unexpected(store.error());
    auto impl = std::make_unique<Impl>(std::move(options), std::move(*store), fixed_today);
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
