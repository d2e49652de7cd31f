// A secret held in memory (an ID number, a phone number, a PIN): every copy wipes its bytes with
// sodium_memzero when it is cleared, reassigned, grows or goes, so no freed buffer keeps the
// digits. It reads as a std::string_view where one is needed (to encrypt, check or send it) but
// does not print: streams and string concatenation refuse it, so a log line or a screen can only
// show a masked form made on purpose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace base {

// Overwrites a string's whole buffer (its capacity, not only its length) in a way the compiler
// may not drop, then empties it: for copies a library made that a Secret cannot hold (a JSON
// body on its way out).
void wipe(std::string& text);
// The same for bytes (card frames, photos): a span is zeroed in place; a vector is zeroed up to
// its capacity (what erase() left past size() is card data too), then emptied.
void wipe(std::span<std::uint8_t> bytes);
void wipe(std::vector<std::uint8_t>& bytes);

class Secret {
  public:
    Secret();
    Secret(std::string_view text);  // NOLINT(google-explicit-constructor): a value type
    Secret(const char* text) : Secret(std::string_view(text)) {}         // NOLINT
    Secret(const std::string& text) : Secret(std::string_view(text)) {}  // NOLINT
    // Takes the text and wipes the string it came in.
    Secret(std::string&& text);  // NOLINT
    Secret(const Secret& other);
    Secret(Secret&& other) noexcept;
    Secret& operator=(const Secret& other);
    Secret& operator=(Secret&& other) noexcept;
    Secret& operator=(std::string&& text);
    ~Secret();

    // Read access, for encrypting it, checking it or sending it; never for a log or a screen.
    std::string_view view() const { return text_; }
    const std::string& str() const { return text_; }
    operator std::string_view() const { return text_; }  // NOLINT
    bool empty() const { return text_.empty(); }
    std::size_t size() const { return text_.size(); }

    void push_back(char c);
    void pop_back();  // the character removed is zeroed
    void clear();     // wiped
    void assign(std::string_view text);

    bool operator==(std::string_view other) const { return text_ == other; }

  private:
    // Makes room for `needed` characters in a fresh buffer, wiping the old one: a std::string
    // that grows by itself frees its old buffer unwiped.
    void reserve(std::size_t needed);
    std::string text_;
};

}  // namespace base
