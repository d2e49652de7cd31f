// A sheet to print as a list of blocks; the layout engine places them on the paper's width.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "printer/bitmap.hpp"

namespace printer {

struct Block {
    enum class Kind {
        title,
        heading,
        paragraph,
        bullets,
        key_values,
        qr,
        rule,
        footer,
        spacer,
        picture
    };
    Kind kind = Kind::paragraph;
    std::string text;                // title, heading, paragraph, footer; qr payload
    std::vector<std::string> items;  // bullets
    std::vector<std::pair<std::string, std::string>> rows;  // key_values
    std::string caption;                                    // under a QR code
    int dots = 0;                                           // spacer height
    std::shared_ptr<const GrayCanvas> picture;              // dithered, not thresholded
};

class Sheet {
  public:
    Sheet& title(std::string text) { return add(make(Block::Kind::title, std::move(text))); }
    Sheet& heading(std::string text) { return add(make(Block::Kind::heading, std::move(text))); }
    Sheet& paragraph(std::string text) {
        return add(make(Block::Kind::paragraph, std::move(text)));
    }
    Sheet& footer(std::string text) { return add(make(Block::Kind::footer, std::move(text))); }
    Sheet& bullets(std::vector<std::string> items) {
        Block b = make(Block::Kind::bullets);
        b.items = std::move(items);
        return add(std::move(b));
    }
    Sheet& key_values(std::vector<std::pair<std::string, std::string>> rows) {
        Block b = make(Block::Kind::key_values);
        b.rows = std::move(rows);
        return add(std::move(b));
    }
    Sheet& qr(std::string payload, std::string caption) {
        Block b = make(Block::Kind::qr, std::move(payload));
        b.caption = std::move(caption);
        return add(std::move(b));
    }
    Sheet& rule() { return add(make(Block::Kind::rule)); }
    Sheet& spacer(int dots) {
        Block b = make(Block::Kind::spacer);
        b.dots = dots;
        return add(std::move(b));
    }
    Sheet& picture(std::shared_ptr<const GrayCanvas> canvas) {
        Block b = make(Block::Kind::picture);
        b.picture = std::move(canvas);
        return add(std::move(b));
    }

    const std::vector<Block>& blocks() const { return blocks_; }

  private:
    static Block make(Block::Kind kind, std::string text = {}) {
        Block b;
        b.kind = kind;
        b.text = std::move(text);
        return b;
    }
    Sheet& add(Block b) {
        blocks_.push_back(std::move(b));
        return *this;
    }
    std::vector<Block> blocks_;
};

}  // namespace printer
