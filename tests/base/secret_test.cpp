// Tests base/secret: a secret's bytes are zeroed where they were when it is cleared, shrinks or
// is moved away, and it never prints.
#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "base/secret.hpp"

namespace {

// The first `n` bytes at `p` are all zero.
bool zeroed(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] != 0) return false;
    }
    return true;
}

template <class T>
concept Streamable = requires(std::ostream& out, const T& t) {
    out << t;
};
template <class T>
concept Concatenable = requires(const std::string& s, const T& t) {
    s + t;
};

}  // namespace

TEST_CASE("clear() zeroes the bytes in place, not only the length") {
    base::Secret id("11010519491231002X");
    const char* at = id.view().data();
    id.clear();
    CHECK(id.empty());
    CHECK(id.view().data() == at);  // the same buffer, kept for the next digits
    CHECK(zeroed(at, 18));
}

TEST_CASE("pop_back() zeroes the character it takes away") {
    base::Secret phone("13800000009");
    const char* at = phone.view().data();
    phone.pop_back();
    CHECK(phone == "1380000000");
    CHECK(at[10] == 0);
}

TEST_CASE("a string handed over is wiped, and a moved-from secret is empty") {
    std::string typed = "13800000000";
    base::Secret phone(std::move(typed));
    CHECK(typed.empty());
    CHECK(phone == "13800000000");
    base::Secret moved(std::move(phone));
    CHECK(moved == "13800000000");
    CHECK(phone.empty());  // NOLINT(bugprone-use-after-move): checked on purpose
}

TEST_CASE("growing keeps the text and copies compare equal") {
    base::Secret s;
    for (int i = 0; i < 100; ++i) s.push_back(static_cast<char>('0' + i % 10));
    CHECK(s.size() == 100);
    const base::Secret copy = s;
    CHECK(copy == s.view());
    s.assign("X");
    CHECK(s == "X");
}

TEST_CASE("base::wipe zeroes a string's whole buffer, past its length too") {
    std::string body(64, 'z');
    body.resize(10);  // the other 54 'z's are still in the buffer
    const char* at = body.data();
    const auto capacity = body.capacity();
    base::wipe(body);
    CHECK(body.empty());
    CHECK(zeroed(at, capacity));
}

TEST_CASE("a secret does not print and does not concatenate into a log line") {
    static_assert(!Streamable<base::Secret>);
    static_assert(!Concatenable<base::Secret>);
    CHECK(Streamable<std::string>);
}
