// Tests scanner/payload: each kind of payload is routed, and nothing anyone can scan crashes.
#include <doctest/doctest.h>

#include <random>

#include "scanner/payload.hpp"

using scanner::classify_payload;
using Kind = scanner::PayloadAction::Kind;

namespace {
constexpr const char* kPages = "https://mz.example.gov.cn/mingbai/{id}";
}

TEST_CASE("a kiosk page address opens the item, with or without what phones add") {
    for (const char* url :
         {"https://mz.example.gov.cn/mingbai/dibao", "https://mz.example.gov.cn/mingbai/dibao/",
          "https://mz.example.gov.cn/mingbai/dibao?from=wechat",
          " https://mz.example.gov.cn/mingbai/dibao\r\n"}) {
        CAPTURE(url);
        const auto a = classify_payload(url, kPages);
        CHECK(a.kind == Kind::item);
        CHECK(a.id == "dibao");
    }
    CHECK(classify_payload("https://mz.example.gov.cn/mingbai/", kPages).kind == Kind::unknown);
    CHECK(classify_payload("https://mz.example.gov.cn/mingbai/../../etc", kPages).kind ==
          Kind::unknown);
    CHECK(classify_payload("https://evil.example.com/mingbai/dibao", kPages).kind == Kind::unknown);
}

TEST_CASE("a receipt code opens the request") {
    const auto a = classify_payload("MINGBAI:REQ:A-20261122-0007", kPages);
    CHECK(a.kind == Kind::request);
    CHECK(a.id == "A-20261122-0007");
    CHECK(classify_payload("MINGBAI:REQ:", kPages).kind == Kind::unknown);
    CHECK(classify_payload("MINGBAI:REQ:<script>", kPages).kind == Kind::unknown);
}

TEST_CASE("an ID number starts the status flow and is only ever returned masked") {
    const auto a = classify_payload("11010519491231002X", kPages);
    CHECK(a.kind == Kind::id);
    CHECK(a.id == "1101**********002X");
    CHECK(classify_payload("110105194912310021", kPages).kind ==
          Kind::unknown);  // wrong check: not an ID
    const auto log = scanner::describe_for_log("11010519491231002X", a);
    CHECK(log.find("19491231") == std::string::npos);
}

TEST_CASE("anything else is unknown, and no payload crashes") {
    CHECK(classify_payload("", kPages).kind == Kind::unknown);
    CHECK(classify_payload("MINGBAI:STAFF", kPages).kind == Kind::staff);
    CHECK(classify_payload("MINGBAI:STAFF:王协理员", kPages).id == "王协理员");
    CHECK(classify_payload("MINGBAI:STAFFX", kPages).kind == Kind::unknown);
    CHECK(classify_payload("MINGBAI:STAFF:", kPages).kind == Kind::unknown);
    CHECK(classify_payload("MINGBAI:STAFF:a\nb", kPages).kind == Kind::unknown);
    CHECK(classify_payload("随便什么文字", kPages).kind == Kind::unknown);
    CHECK(classify_payload(std::string(10'000, 'A'), kPages).kind == Kind::unknown);
    std::mt19937 rng(7);
    for (int i = 0; i < 2000; ++i) {
        std::string junk(static_cast<std::size_t>(rng() % 64), '\0');
        for (auto& c : junk) c = static_cast<char>(rng());
        (void)classify_payload(junk, kPages);
        (void)classify_payload(junk, "");
    }
}
