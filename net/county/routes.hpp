// The county API's routes (net/API.md) on an httplib server: the injected faults first, then
// authentication, then the endpoint; every answer JSON, errors with the error body. And, with a
// content dir, the published content under /content/, public.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/date.hpp"
#include "net/county/faults.hpp"
#include "net/county/published_content.hpp"
#include "net/county/storage.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace county {

class Routes {
  public:
    // token: the bearer token every request must carry ("" for none). content: the published
    // content to serve and name in heartbeat answers, or null for none. fixed_today: the day the
    // benefit status is computed for; nullopt for the local date.
    Routes(std::string token, std::unique_ptr<Store> store,
           std::unique_ptr<PublishedContent> content, const FaultSettings& faults,
           std::optional<base::Date> fixed_today);

    // Registers the endpoints, the checks of framing and body size, and the error and exception
    // handlers.
    void install(httplib::Server& http);
    // The port the server listens on, to find a connection to drop. Set before serving.
    void set_port(int port) { port_ = port; }

  private:
    // An endpoint gets the request's body apart: POST bodies are read by the routes themselves,
    // counted as they arrive (GET has none).
    using Endpoint = void (Routes::*)(const httplib::Request&, const std::string& body,
                                      httplib::Response&);
    // authenticate: false for what is public (the published content).
    void serve(const httplib::Request& req, const std::string& body, httplib::Response& res,
               Endpoint endpoint, bool authenticate = true);
    void drop(const httplib::Request& req, httplib::Response& res);
    bool authorised(const httplib::Request& req, httplib::Response& res) const;

    void health(const httplib::Request& req, const std::string& body, httplib::Response& res);
    void post_request(const httplib::Request& req, const std::string& body, httplib::Response& res);
    void get_replies(const httplib::Request& req, const std::string& body, httplib::Response& res);
    void post_evaluation(const httplib::Request& req, const std::string& body,
                         httplib::Response& res);
    void post_benefits_query(const httplib::Request& req, const std::string& body,
                             httplib::Response& res);
    void post_heartbeat(const httplib::Request& req, const std::string& body,
                        httplib::Response& res);
    void get_content(const httplib::Request& req, const std::string& body, httplib::Response& res);

    base::Date today() const;

    std::string token_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<PublishedContent> content_;
    FaultInjector faults_;
    std::optional<base::Date> fixed_today_;
    int port_ = 0;
};

}  // namespace county
