// Tests net/county/published_content and GET /content/ over HTTP: files served whole and in
// ranges with a strong ETag, 304 for the ETag the client holds, paths that would leave the
// content dir refused, large files streamed; and the Range and If-None-Match readers alone.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include "county_test_support.hpp"
#include "net/county/published_content.hpp"

using namespace county_test;
using county::byte_range;
using county::ByteRange;
using county::none_match;

namespace {

constexpr const char* kManifestText = R"({"version": 7, "files": []})";

// A county serving a content dir with a manifest, a binary file and a folder of media.
struct ContentCounty {
    TempDir dir;
    std::filesystem::path content = make_content(dir.path / "content");
    std::unique_ptr<CountyServer> server = start_content_server(dir.path / "county.db", content);
    httplib::Client client{server->url()};

    static std::filesystem::path make_content(const std::filesystem::path& path) {
        std::filesystem::create_directories(path / "media");
        write_file(path / "manifest.json", kManifestText);
        write_file(path / "bundle-7.bin", "0123456789");
        write_file(path / "media" / "clip.mp4", "clip");
        return path;
    }

    // What GET or HEAD answered, with the status and headers checked by the caller.
    httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) {
        return client.Get(path.c_str(), headers);
    }
};

// Everything the county answers to a GET of `target`, sent byte for byte as given (httplib's
// client would not send every one of them) on a connection of its own; `headers` are whole
// lines, each ending in CRLF.
std::string raw_answer(int port, const std::string& target, const std::string& headers = "") {
    RawConnection connection(port);
    REQUIRE(connection.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
                            "Connection: close\r\n\r\n"));
    return connection.read_to_end();
}

}  // namespace

TEST_CASE_FIXTURE(ContentCounty,
                  "a file is served whole with a strong ETag, its length and its type, to "
                  "anyone") {
    // No Authorization, no X-Kiosk-Id: the content is public.
    auto manifest = get("/content/manifest.json");
    REQUIRE(manifest);
    CHECK(manifest->status == 200);
    CHECK(manifest->body == kManifestText);
    CHECK(manifest->get_header_value("Content-Type") == "application/json");
    CHECK(manifest->get_header_value("Content-Length") ==
          std::to_string(std::strlen(kManifestText)));
    const std::string etag = manifest->get_header_value("ETag");
    CHECK(etag.size() > 2);
    CHECK(etag.front() == '"');  // strong: no W/ in front
    CHECK(etag.back() == '"');

    auto bundle = get("/content/bundle-7.bin");
    REQUIRE(bundle);
    CHECK(bundle->status == 200);
    CHECK(bundle->body == "0123456789");
    CHECK(bundle->get_header_value("Content-Type") == "application/octet-stream");
    CHECK(bundle->get_header_value("ETag") != etag);
    CHECK(bundle->get_header_value("Accept-Ranges") == "bytes");
    CHECK(get("/content/media/clip.mp4")->body == "clip");

    auto head = client.Head("/content/bundle-7.bin");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
    CHECK(head->get_header_value("Content-Length") == "10");
    CHECK(head->get_header_value("ETag") == bundle->get_header_value("ETag"));
}

TEST_CASE_FIXTURE(ContentCounty, "If-None-Match with the file's ETag is 304 without a body") {
    const std::string etag = get("/content/manifest.json")->get_header_value("ETag");
    for (const std::string& header : {etag, "\"other\", " + etag, "W/" + etag, std::string("*")}) {
        CAPTURE(header);
        const std::string answer = raw_answer(server->port(), "/content/manifest.json",
                                              "If-None-Match: " + header + "\r\n");
        CHECK(status_of(answer) == 304);
        CHECK(answer.find("\r\nETag: " + etag + "\r\n") != std::string::npos);
        CHECK(answer.find("Content-Length") == std::string::npos);
        // Nothing after the head.
        CHECK(answer.find("\r\n\r\n") + 4 == answer.size());
    }
    auto other = get("/content/manifest.json", {{"If-None-Match", "\"not-this-one\""}});
    REQUIRE(other);
    CHECK(other->status == 200);
    CHECK(other->body == kManifestText);

    // A file changed is a new ETag.
    write_file(content / "manifest.json", R"({"version": 8, "files": [], "more": true})");
    auto changed = get("/content/manifest.json", {{"If-None-Match", etag}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(changed->get_header_value("ETag") != etag);
}

TEST_CASE_FIXTURE(ContentCounty,
                  "a range is 206 with Content-Range, one past the end 416, If-Range guards it") {
    auto check_part = [&](const std::string& range, const std::string& body,
                          const std::string& content_range) {
        CAPTURE(range);
        auto res = get("/content/bundle-7.bin", {{"Range", range}});
        REQUIRE(res);
        CHECK(res->status == 206);
        CHECK(res->body == body);
        CHECK(res->get_header_value("Content-Range") == content_range);
        CHECK(res->get_header_value("Content-Length") == std::to_string(body.size()));
    };
    check_part("bytes=4-", "456789", "bytes 4-9/10");
    check_part("bytes=2-5", "2345", "bytes 2-5/10");
    check_part("bytes=8-100", "89", "bytes 8-9/10");  // the end clamped to the file's
    check_part("bytes=-3", "789", "bytes 7-9/10");
    check_part("bytes=9-9", "9", "bytes 9-9/10");

    for (const char* past : {"bytes=10-", "bytes=10-20"}) {
        CAPTURE(past);
        auto res = get("/content/bundle-7.bin", {{"Range", past}});
        expect_error(res, 416, "bad_request");
        CHECK(res->get_header_value("Content-Range") == "bytes */10");
    }

    const std::string etag = get("/content/bundle-7.bin")->get_header_value("ETag");
    auto same = get("/content/bundle-7.bin", {{"Range", "bytes=4-"}, {"If-Range", etag}});
    REQUIRE(same);
    CHECK(same->status == 206);
    CHECK(same->body == "456789");
    // The client holds the start of another version of the file: it gets the whole new one.
    auto stale = get("/content/bundle-7.bin", {{"Range", "bytes=4-"}, {"If-Range", "\"old\""}});
    REQUIRE(stale);
    CHECK(stale->status == 200);
    CHECK(stale->body == "0123456789");
    // Several ranges are answered with the whole file, which is allowed.
    auto several = get("/content/bundle-7.bin", {{"Range", "bytes=0-1,4-5"}});
    REQUIRE(several);
    CHECK(several->status == 200);
    CHECK(several->body == "0123456789");
}

TEST_CASE_FIXTURE(ContentCounty,
                  "paths that would leave the content dir are refused, missing files are 404") {
    write_file(dir.path / "secret.txt", "not published");
    std::filesystem::create_symlink(dir.path / "secret.txt", content / "out");
    std::filesystem::create_symlink(dir.path, content / "up");
    std::filesystem::create_symlink("bundle-7.bin", content / "latest.bin");
    write_file(content / ".partial", "being written");

    for (const char* target :
         {"/content/../county.db", "/content/media/../../secret.txt", "/content/%2e%2e/secret.txt",
          "/content/./manifest.json", "/content//manifest.json", "/content/manifest.json%00.bin"}) {
        CAPTURE(target);
        const std::string answer = raw_answer(server->port(), target);
        CHECK(status_of(answer) == 400);
        CHECK(answer.find("not published") == std::string::npos);
    }
    for (const char* path :
         {"/content/out", "/content/up/secret.txt", "/content/missing.bin", "/content/media",
          "/content/media/", "/content/", "/content/.partial"}) {
        CAPTURE(path);
        auto res = get(path);
        REQUIRE(res);
        CHECK((res->status == 404 || res->status == 400));
        CHECK(res->body.find("not published") == std::string::npos);
        CHECK(res->body.find("clip.mp4") == std::string::npos);  // no listing
    }
    expect_error(get("/content/missing.bin"), 404, "not_found");
    expect_error(get("/content/out"), 404, "not_found");
    expect_error(get("/content/media"), 404, "not_found");
    // A symlink within the dir is followed.
    auto latest = get("/content/latest.bin");
    REQUIRE(latest);
    CHECK(latest->status == 200);
    CHECK(latest->body == "0123456789");
}

TEST_CASE_FIXTURE(ContentCounty,
                  "a file far larger than the body limit is sent whole, and from a range on") {
    std::string big(std::size_t{5} << 20, '\0');
    std::mt19937 random(7);
    for (char& c : big) c = static_cast<char>(random());
    write_file(content / "media" / "video.mp4", big);

    auto whole = get("/content/media/video.mp4");
    REQUIRE(whole);
    CHECK(whole->status == 200);
    CHECK(whole->body.size() == big.size());
    CHECK(whole->body == big);

    const std::size_t from = (std::size_t{3} << 20) + 5;
    auto rest = get("/content/media/video.mp4", {{"Range", "bytes=" + std::to_string(from) + "-"}});
    REQUIRE(rest);
    CHECK(rest->status == 206);
    CHECK(rest->body == big.substr(from));
    // The connection goes on serving after a large answer.
    CHECK(get("/content/manifest.json")->status == 200);
}

TEST_CASE_FIXTURE(ContentCounty, "an empty file is 200 with Content-Length 0, any range 416") {
    write_file(content / "empty.bin", "");
    auto res = get("/content/empty.bin");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body.empty());
    CHECK(res->get_header_value("Content-Length") == "0");
    expect_error(get("/content/empty.bin", {{"Range", "bytes=0-"}}), 416, "bad_request");
}

TEST_CASE("without a content dir there is no /content/, and a content dir must exist") {
    TestCounty county;
    expect_error(county.client.Get("/content/manifest.json"), 404, "not_found");

    CountyServerOptions options;
    options.db = county.dir.path / "other.db";
    options.content_dir = county.dir.path / "no-such-dir";
    auto missing = CountyServer::start(options);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().find("no-such-dir") != std::string::npos);
    options.content_dir = county.db;  // a file
    auto file = CountyServer::start(options);
    REQUIRE_FALSE(file.has_value());
    CHECK(file.error().find("not a directory") != std::string::npos);
}

TEST_CASE("the injected faults reach /content/ too") {
    TempDir dir;
    const auto content = ContentCounty::make_content(dir.path / "content");
    CountyServerOptions options;
    options.db = dir.path / "county.db";
    options.token = kToken;
    options.content_dir = content;
    options.fail_rate = 1;
    auto server = CountyServer::start(options);
    REQUIRE(server.has_value());
    httplib::Client client((*server)->url());
    expect_error(client.Get("/content/manifest.json"), 503, "unavailable");
}

TEST_CASE("byte_range reads one range of bytes, and leaves what it does not take to the whole") {
    using Kind = ByteRange::Kind;
    auto part = [](std::string_view header, std::uint64_t size) {
        const ByteRange r = byte_range(header, size);
        REQUIRE(r.kind == Kind::part);
        return std::to_string(r.first) + "-" + std::to_string(r.last);
    };
    CHECK(part("bytes=0-", 10) == "0-9");
    CHECK(part("bytes=3-4", 10) == "3-4");
    CHECK(part("bytes=3-99999999999999999999999", 10) == "3-9");
    CHECK(part("bytes=-4", 10) == "6-9");
    CHECK(part("bytes=-40", 10) == "0-9");
    CHECK(part(" bytes= 2-3 ", 10) == "2-3");
    for (const char* ignored : {"", "bytes=", "bytes=-", "bytes=5-2", "bytes=a-", "bytes=1-2,4-5",
                                "items=0-1", "bytes=+1-2", "bytes=1-2x"}) {
        CAPTURE(ignored);
        CHECK(byte_range(ignored, 10).kind == Kind::whole);
    }
    for (const char* past :
         {"bytes=10-", "bytes=10-12", "bytes=-0", "bytes=99999999999999999999-"}) {
        CAPTURE(past);
        CHECK(byte_range(past, 10).kind == Kind::unsatisfiable);
    }
    CHECK(byte_range("bytes=0-", 0).kind == Kind::unsatisfiable);
    CHECK(byte_range("bytes=-5", 0).kind == Kind::unsatisfiable);
}

TEST_CASE("none_match compares entity tags weakly, and * matches any") {
    CHECK(none_match("\"a-1\"", "\"a-1\""));
    CHECK(none_match("W/\"a-1\"", "\"a-1\""));
    CHECK(none_match("\"x\", \"a-1\"", "\"a-1\""));
    CHECK(none_match(" * ", "\"a-1\""));
    CHECK_FALSE(none_match("\"a-2\"", "\"a-1\""));
    CHECK_FALSE(none_match("a-1", "\"a-1\""));
    CHECK_FALSE(none_match("", "\"a-1\""));
}
