// A secret held in memory that wipes every buffer it leaves behind (libsodium's sodium_memzero).
#include "base/secret.hpp"

#include <sodium.h>

#include <algorithm>
#include <utility>

namespace base {
namespace {
// Past std::string's small-buffer size, so the text lives on the heap where a move takes the
// buffer itself rather than copying bytes and leaving them behind in the source object.
constexpr std::size_t kMinCapacity = 32;
}  // namespace

void wipe(std::string& text) {
    if (text.capacity() > 0) sodium_memzero(text.data(), text.capacity());
    text.clear();
}

void wipe(std::span<std::uint8_t> bytes) {
    if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

void wipe(std::vector<std::uint8_t>& bytes) {
    if (bytes.capacity() > 0) sodium_memzero(bytes.data(), bytes.capacity());
    bytes.clear();
}

Secret::Secret() {
    text_.reserve(kMinCapacity);
}

Secret::Secret(std::string_view text) : Secret() {
    assign(text);
}

Secret::Secret(std::string&& text) : Secret(std::string_view(text)) {
    wipe(text);
}

Secret::Secret(const Secret& other) : Secret(other.view()) {}

Secret::Secret(Secret&& other) noexcept : text_(std::move(other.text_)) {
    // Heap buffers move whole; whatever is left in `other` is wiped all the same.
    wipe(other.text_);
}

Secret& Secret::operator=(const Secret& other) {
    if (this != &other) assign(other.view());
    return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
    if (this != &other) {
        wipe(text_);
        text_.swap(other.text_);
        wipe(other.text_);
    }
    return *this;
}

Secret& Secret::operator=(std::string&& text) {
    assign(text);
    wipe(text);
    return *this;
}

Secret::~Secret() {
    wipe(text_);
}

void Secret::reserve(std::size_t needed) {
    if (text_.capacity() >= std::max(needed, kMinCapacity)) return;
    std::string bigger;
    bigger.reserve(std::max({needed, kMinCapacity, text_.capacity() * 2}));
    bigger.append(text_);
    wipe(text_);
    text_.swap(bigger);
}

void Secret::push_back(char c) {
    reserve(text_.size() + 1);
    text_.push_back(c);
}

void Secret::pop_back() {
    if (text_.empty()) return;
    text_.back() = '\0';
    text_.pop_back();
}

void Secret::clear() {
    sodium_memzero(text_.data(), text_.capacity());
    text_.clear();
}

void Secret::assign(std::string_view text) {
    clear();
    reserve(text.size());
    text_.append(text);
}

}  // namespace base
