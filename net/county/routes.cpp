// The county API's HTTP routes: faults, authentication, the endpoints and their error bodies;
// the published content.
#include "net/county/routes.hpp"

#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <exception>
#include <string_view>
#include <system_error>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "base/log.hpp"
#include "net/api.hpp"
#include "net/county/benefits.hpp"
#include "net/county/connection.hpp"
#include "net/county/id_check.hpp"
#include "scanner/id_number.hpp"

namespace county {
namespace {

using nlohmann::json;
namespace api = net::api;

constexpr std::string_view kLog = "county";
constexpr std::size_t kMaxBody = std::size_t{1} << 20;  // API.md: at most 1 MiB each way
constexpr std::int64_t kMaxLimit = 200;

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    // Replace rather than throw on bytes that are not UTF-8: they come only from the database.
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view message) {
    send_json(res, status,
              api::to_json(
                  api::ErrorBody{std::string(api::error_code_for(status)), std::string(message)}));
}

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 0xF];
    }
    return out;
}

// The body as the county understood it: parsed and dumped again (keys sorted), so that a retry
// which only reorders keys or whitespace still counts as the same request. Unknown fields count.
std::string body_hash(const json& body) {
    const std::string canonical = body.dump();
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest,
                       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(),
                       nullptr, 0);
    return hex(digest, sizeof digest);
}

// The kiosk the request comes from, or an error answer.
std::optional<std::string> kiosk_of(const httplib::Request& req, httplib::Response& res) {
    std::string kiosk = req.get_header_value("X-Kiosk-Id");
    if (kiosk.empty()) {
        send_error(res, 400, "X-Kiosk-Id: missing");
        return std::nullopt;
    }
    return kiosk;
}

// A POST's body, counted as it arrives through `reader`: past kMaxBody it stops with 413
// whatever the framing (a chunked body has no length to check first), and a body that is too
// slow gets 408. nullopt after an error answer; the connection closes after it, since the rest
// of the body is not read.
std::optional<std::string> read_body(const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& reader) {
    auto refuse = [&](int status, std::string_view message) {
        this_connection::close_after_answer(res);
        send_error(res, status, message);
        return std::nullopt;
    };
    // httplib would read a multipart body as parts, for which the county has no reader.
    if (req.is_multipart_form_data()) return refuse(400, "Content-Type: must be application/json");
    // A length over the limit is refused before anything of the body is read.
    if (req.has_header("Content-Length") &&
        req.get_header_value<std::uint64_t>("Content-Length") > kMaxBody) {
        return refuse(413, "body: larger than 1 MiB");
    }
    std::string body;
    bool too_large = false;
    const bool read = reader([&](const char* data, std::size_t size) {
        if (body.size() + size > kMaxBody) {
            too_large = true;
            return false;
        }
        body.append(data, size);
        return true;
    });
    if (read) return body;
    if (too_large) return refuse(413, "body: larger than 1 MiB");
    if (this_connection::timed_out()) return refuse(408, "body: not received in time");
    return refuse(400, "body: cannot be read (broken chunks, or the connection was lost)");
}

// The body as a JSON object, or an error answer.
std::optional<json> json_body(const httplib::Request& req, const std::string& text,
                              httplib::Response& res) {
    const std::string type = req.get_header_value("Content-Type");
    if (type != "application/json" && type.rfind("application/json;", 0) != 0) {
        send_error(res, 400, "Content-Type: must be application/json");
        return std::nullopt;
    }
    json body = json::parse(text, nullptr, false);
    if (body.is_discarded()) {
        send_error(res, 400, "body: not valid JSON");
        return std::nullopt;
    }
    if (!body.is_object()) {
        send_error(res, 400, "body: must be a JSON object");
        return std::nullopt;
    }
    return body;
}

// A POST as an endpoint takes it: the kiosk it comes from, its JSON and what the API's parser
// made of it.
template <class Body>
struct Posted {
    std::string kiosk;
    json object;  // as received, unknown fields included
    Body body;
};

// The POST read and checked, or nullopt after an error answer: X-Kiosk-Id, then the JSON
// object, then `parse`.
template <class Body>
std::optional<Posted<Body>> read_post(const httplib::Request& req, const std::string& text,
                                      httplib::Response& res,
                                      std::expected<Body, std::string> (*parse)(const json&)) {
    auto kiosk = kiosk_of(req, res);
    if (!kiosk) return std::nullopt;
    auto body = json_body(req, text, res);
    if (!body) return std::nullopt;
    auto parsed = parse(*body);
    if (!parsed) {
        send_error(res, 400, parsed.error());
        return std::nullopt;
    }
    return Posted<Body>{std::move(*kiosk), std::move(*body), std::move(*parsed)};
}

// A query parameter that must be a whole number of at least `min`, or an error answer.
std::optional<std::int64_t> number_param(const httplib::Request& req, httplib::Response& res,
                                         const char* name, std::int64_t fallback,
                                         std::int64_t min) {
    if (!req.has_param(name)) return fallback;
    const std::string text = req.get_param_value(name);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min) {
        send_error(res, 400,
                   std::string(name) + ": must be a whole number, at least " + std::to_string(min));
        return std::nullopt;
    }
    return value;
}

void internal_error(httplib::Response& res, const std::string& what) {
    base::log::error(kLog, "database: ", what);
    send_error(res, 500, "the county could not store or read this; try again later");
}

}  // namespace

Routes::Routes(std::string token, std::unique_ptr<Store> store,
               std::unique_ptr<PublishedContent> content, const FaultSettings& faults,
               std::optional<base::Date> fixed_today)
    : token_(std::move(token)),
      store_(std::move(store)),
      content_(std::move(content)),
      faults_(faults),
      fixed_today_(fixed_today) {}

base::Date Routes::today() const {
    return fixed_today_ ? *fixed_today_ : base::today_local();
}

void Routes::drop(const httplib::Request& req, httplib::Response& res) {
    if (drop_connection(req, port_)) {
        base::log::debug(kLog, "dropped the answer to ", req.method, " ", req.path);
        res.status = 500;  // never sent
        return;
    }
    base::log::warn(kLog, "cannot find the connection to drop; answering 503 instead");
    send_error(res, 503, "injected fault: the answer was to be lost");
}

bool Routes::authorised(const httplib::Request& req, httplib::Response& res) const {
    if (token_.empty()) return true;
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.rfind(kBearer, 0) != 0) {
        send_error(res, 401, "Authorization: missing bearer token");
        return false;
    }
    const std::string_view given = std::string_view(header).substr(kBearer.size());
    // Constant time, so the token cannot be guessed byte by byte from the answer's timing.
    if (given.size() != token_.size() ||
        sodium_memcmp(given.data(), token_.data(), given.size()) != 0) {
        send_error(res, 401, "Authorization: wrong token");
        return false;
    }
    return true;
}

// Faults first (they stand for the network and the county's machines), then authentication,
// then the endpoint.
void Routes::serve(const httplib::Request& req, const std::string& body, httplib::Response& res,
                   Endpoint endpoint, bool authenticate) {
    const Fault fault = faults_.next();
    if (fault == Fault::fail) {
        send_error(res, 503, "injected fault: the county is unavailable, try again later");
        return;
    }
    if (fault == Fault::drop_before) {
        drop(req, res);
        return;
    }
    if (!authenticate || authorised(req, res)) (this->*endpoint)(req, body, res);
    if (fault == Fault::drop_after) drop(req, res);
}

void Routes::health(const httplib::Request&, const std::string&, httplib::Response& res) {
    send_json(res, 200, json{{"ok", true}, {"version", 1}});
}

void Routes::post_request(const httplib::Request& req, const std::string& body,
                          httplib::Response& res) {
    const auto post = read_post(req, body, res, api::parse_request_submission);
    if (!post) return;
    const api::RequestSubmission& request = post->body;
    if (auto valid = check_id_number(request.id_number); !valid) {
        return send_error(res, 400, valid.error());
    }
    if (request.kiosk_id != post->kiosk) {
        return send_error(res, 400, "kiosk_id: \"" + request.kiosk_id + "\" is not X-Kiosk-Id");
    }
    auto stored = store_->store_request(request, body_hash(post->object));
    if (!stored) return internal_error(res, stored.error());
    const std::string& case_no = stored->answer.case_no;
    switch (stored->delivery) {
        case Store::Delivery::conflict:
            return send_error(
                res, 409,
                "idempotency_key: seen before with a different body (case " + case_no + ")");
        case Store::Delivery::repeated:
            base::log::info(kLog, "request ", case_no, " again from ", post->kiosk);
            return send_json(res, 200, api::to_json(stored->answer));
        case Store::Delivery::created:
            base::log::info(kLog, "request ", case_no, " from ", post->kiosk, " (", request.item,
                            ")");
            return send_json(res, 201, api::to_json(stored->answer));
    }
}

void Routes::get_replies(const httplib::Request& req, const std::string&, httplib::Response& res) {
    const auto kiosk = kiosk_of(req, res);
    if (!kiosk) return;
    const auto since = number_param(req, res, "since", 0, 0);
    if (!since) return;
    const auto limit = number_param(req, res, "limit", kMaxLimit, 1);
    if (!limit) return;
    auto page = store_->replies(*kiosk, *since, std::min(*limit, kMaxLimit));
    if (!page) return internal_error(res, page.error());
    send_json(res, 200, api::to_json(*page));
}

void Routes::post_evaluation(const httplib::Request& req, const std::string& body,
                             httplib::Response& res) {
    const auto post = read_post(req, body, res, api::parse_evaluation);
    if (!post) return;
    const std::string case_no = req.matches[1];
    const api::Evaluation& evaluation = post->body;
    auto stored = store_->store_evaluation(post->kiosk, case_no, evaluation);
    if (!stored) return internal_error(res, stored.error());
    using Kind = Store::EvaluationResult::Kind;
    switch (stored->kind) {
        case Kind::unknown_case:
            return send_error(res, 404, "case_no: no case " + case_no + " from this kiosk");
        case Kind::already_evaluated:
            return send_error(res, 409, "case " + case_no + " was already evaluated");
        case Kind::not_done:
            return send_error(
                res, 409,
                "case " + case_no + " is " + stored->state + "; evaluation only once done");
        case Kind::stored:
            base::log::info(kLog, "evaluation of ", case_no, ": ", evaluation.rating);
            [[fallthrough]];
        case Kind::repeated:
            return send_json(res, 200,
                             api::to_json(api::EvaluationAnswer{case_no, evaluation.rating}));
    }
}

// 享受待遇信息: what the county pays a resident. No record is an empty list, not 404.
void Routes::post_benefits_query(const httplib::Request& req, const std::string& body,
                                 httplib::Response& res) {
    const auto post = read_post(req, body, res, api::parse_benefit_query);
    if (!post) return;
    const std::string& id_number = post->body.id_number.str();
    if (auto valid = check_id_number(id_number); !valid) return send_error(res, 400, valid.error());
    const base::Date as_of = today();
    auto records = store_->benefits_of(id_number);
    if (!records) return internal_error(res, records.error());
    std::vector<api::Benefit> benefits;
    for (const auto& record : *records) benefits.push_back(benefit_as_of(record, as_of));
    base::log::info(kLog, "benefits query from ", post->kiosk, " for ",
                    scanner::mask_id_text(id_number), ": ", benefits.size(), " found");
    send_json(res, 200, api::benefits_to_json(benefits));
}

// The kiosk's health, kept as its latest heartbeat; the answer names the published content's
// version, for the kiosk to look for it now rather than at its next poll.
void Routes::post_heartbeat(const httplib::Request& req, const std::string& body,
                            httplib::Response& res) {
    const auto post = read_post(req, body, res, api::parse_heartbeat);
    if (!post) return;
    const api::Heartbeat& heartbeat = post->body;
    if (heartbeat.kiosk_id != post->kiosk) {
        return send_error(res, 400, "kiosk_id: \"" + heartbeat.kiosk_id + "\" is not X-Kiosk-Id");
    }
    if (auto stored = store_->store_heartbeat(heartbeat); !stored) {
        return internal_error(res, stored.error());
    }
    base::log::debug(kLog, "heartbeat from ", post->kiosk, ": content ", heartbeat.content_version,
                     ", printer ", heartbeat.printer_state, ", outbox ", heartbeat.outbox_depth);
    api::HeartbeatReply reply;
    if (content_) reply.content_version = content_->manifest_version();
    send_json(res, 200, api::to_json(reply));
}

// GET and HEAD /content/<path>: a file of the published content, to anyone (each is signed, or
// named by a signed hash). A strong ETag with If-None-Match (304), one byte range (206, 416)
// with If-Range, and the body read from the file as it is sent, whatever its size.
void Routes::get_content(const httplib::Request& req, const std::string&, httplib::Response& res) {
    auto opened = content_->open_file(req.matches[1].str());
    if (!opened) {
        if (opened.error() == PublishedContent::Refusal::bad_path) {
            return send_error(res, 400,
                              "path: not a plain relative path (no \"..\", \".\", empty parts or "
                              "NUL bytes)");
        }
        return send_error(res, 404, "no such file");
    }
    std::shared_ptr<ContentFile> file = std::move(*opened);
    res.set_header("ETag", file->etag);
    res.set_header("Accept-Ranges", "bytes");
    if (req.has_header("If-None-Match") &&
        none_match(req.get_header_value("If-None-Match"), file->etag)) {
        res.status = 304;
        return;
    }
    // If-Range: the range only of the file whose start the client holds, else the whole file.
    ByteRange range;
    if (req.has_header("Range") &&
        (!req.has_header("If-Range") || req.get_header_value("If-Range") == file->etag)) {
        range = byte_range(req.get_header_value("Range"), file->size);
    }
    const std::string size = std::to_string(file->size);
    if (range.kind == ByteRange::Kind::unsatisfiable) {
        res.set_header("Content-Range", "bytes */" + size);
        return send_error(res, 416,
                          "Range: starts at or after the end of the file (" + size + " bytes)");
    }
    std::uint64_t offset = 0, length = file->size;
    res.status = 200;
    if (range.kind == ByteRange::Kind::part) {
        res.status = 206;
        offset = range.first;
        length = range.last - range.first + 1;
        res.set_header("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                            std::to_string(range.last) + "/" + size);
    }
    if (length == 0) {
        res.set_content(std::string(), file->content_type);
        return;
    }
    auto buffer = std::make_shared<std::vector<char>>(std::size_t{64} << 10);
    res.set_content_provider(
        length, file->content_type,
        [file, buffer, offset](std::size_t at, std::size_t wanted, httplib::DataSink& sink) {
            const std::size_t chunk = std::min(wanted, buffer->size());
            ssize_t n;
            do {
                n = ::pread(file->fd, buffer->data(), chunk, static_cast<off_t>(offset + at));
            } while (n < 0 && errno == EINTR);
            if (n <= 0) {
                // Shorter than when it was opened: the answer stops short, and the connection
                // closes, so that the client sees a broken transfer rather than a whole one.
                base::log::warn(kLog, "content: a file shrank while it was sent; answer cut off");
                return false;
            }
            return sink.write(buffer->data(), static_cast<std::size_t>(n));
        });
}

void Routes::install(httplib::Server& http) {
    auto get = [this](Endpoint endpoint) {
        return [this, endpoint](const httplib::Request& req, httplib::Response& res) {
            serve(req, std::string(), res, endpoint);
        };
    };
    // POSTs take their body through a ContentReader: httplib itself would read a chunked body
    // whole, at any size, before a handler could count it.
    auto post = [this](Endpoint endpoint) {
        return [this, endpoint](const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) {
            if (const auto body = read_body(req, res, reader)) serve(req, *body, res, endpoint);
        };
    };
    http.Get("/api/v1/health", get(&Routes::health));
    http.Post("/api/v1/requests", post(&Routes::post_request));
    http.Get("/api/v1/replies", get(&Routes::get_replies));
    http.Post(R"(/api/v1/requests/([^/]+)/evaluation)", post(&Routes::post_evaluation));
    http.Post("/api/v1/benefits/query", post(&Routes::post_benefits_query));
    http.Post("/api/v1/heartbeat", post(&Routes::post_heartbeat));
    // GET serves HEAD too (httplib sends the head alone). No authentication: the content is
    // public and signed.
    if (content_) {
        http.Get(R"(/content/([\s\S]*))",
                 [this](const httplib::Request& req, httplib::Response& res) {
                     serve(req, std::string(), res, &Routes::get_content, false);
                 });
    }
    // Any other POST, before httplib would read its body for a handler there is not.
    http.Post(".*",
              [](const httplib::Request&, httplib::Response& res, const httplib::ContentReader&) {
                  this_connection::close_after_answer(res);
                  send_error(res, 404, "no such endpoint");
              });
    // Framing is checked once the head is read and before any of the body: a request whose body
    // could be taken for another length, or that httplib would read unbounded or leave in the
    // stream, is refused and the connection closed (RFC 9112 6.3).
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
            this_connection::close_after_answer(res);
            send_error(res, 405, "method: the API has only GET and POST");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (const auto wrong = framing_error(req)) {
            this_connection::close_after_answer(res);
            send_error(res, wrong->status, wrong->message);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // httplib gives a 304 "Content-Length: 0", which RFC 9110 8.6 forbids (it would be the
    // length of the 200): none at all.
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.status == 304) res.headers.erase("Content-Length");
    });
    // What the routes check themselves, as httplib's own limit too.
    http.set_payload_max_length(kMaxBody);
    // httplib's default adds SO_REUSEPORT, with which a second server binds the same port
    // and takes half the connections; a county server must fail to start instead.
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // Answers httplib makes itself (413, 404, 400 for a malformed request line) get the
    // error body of API.md too; ours already have one.
    http.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            // httplib answers 400 to a head it could not read, here because it did not arrive
            // in time.
            if (this_connection::timed_out() && res.body.empty()) {
                this_connection::close_after_answer(res);
                send_error(res, 408, "request: not received in time");
                return httplib::Server::HandlerResponse::Handled;
            }
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            switch (res.status) {
                case 404:
                    send_error(res, 404, "no such endpoint");
                    break;
                case 413:
                    send_error(res, 413, "body: larger than 1 MiB");
                    break;
                // httplib refuses a request it cannot read: a malformed request line or header.
                case 400:
                    send_error(res, 400, "malformed HTTP request");
                    break;
                default:
                    send_error(res, res.status, "HTTP " + std::to_string(res.status));
            }
            return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
            std::string what = "unknown exception";
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            base::log::error(kLog, "handler failed: ", what);
            send_error(res, 500, "internal error");
        });
}

}  // namespace county
