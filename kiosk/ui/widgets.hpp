// Touch widgets: large tiles and buttons, text laid out by Chinese line-breaking rules. Every
// widget records what it shows in ScreenLabels so scripts and tests find it as a person would.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

#include "kiosk/ui/context.hpp"

namespace kiosk::ui {

enum class ButtonKind { primary, secondary };

inline constexpr float kLineSpacing = 1.4f;  // CJK text needs air between lines to be read easily

// One line of text at `pos`; returns its size. With `max_width`, text wider than it is reported
// as an overflow (scripts fail on it) rather than silently running off its box.
ImVec2 text_at(Context& ctx, ImVec2 pos, std::string_view text, ImFont* font, themes::Rgba color,
               float max_width = 0);

// Text broken into lines of at most `width`; returns the height used.
float paragraph(Context& ctx, ImVec2 pos, float width, std::string_view text, ImFont* font,
                themes::Rgba color);
float paragraph_height(ImFont* font, std::string_view text, float width);

// A bullet point: a dot, then the text as a paragraph beside it.
float bullet(Context& ctx, ImVec2 pos, float width, std::string_view text, ImFont* font,
             themes::Rgba color);
float bullet_height(ImFont* font, std::string_view text, float width);

// Size of one line of `text`.
ImVec2 measure(ImFont* font, std::string_view text);

// A filled, rounded rectangle behind other widgets.
void panel(Context& ctx, ImVec2 pos, ImVec2 size, themes::Rgba fill, themes::Rgba border);

// A large tile with a label and a caption; true on the frame it is tapped. A pictogram name
// draws that picture above the label.
bool tile(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label, std::string_view caption,
          bool active = false, std::string_view pictogram = {});

// The height a text tile (no pictogram) needs to show its label and caption whole.
float tile_height(const Context& ctx, float width, std::string_view label,
                  std::string_view caption);

// A big button; never smaller than the theme's minimum touch target.
bool button(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view label,
            ButtonKind kind = ButtonKind::primary);

// A 3×4 keypad as on a phone: 1–9 on three rows, then `left`, 0, `right`. Keys are never
// smaller than the theme's minimum touch target. Returns the key tapped this frame: '0'–'9',
// 'L' for the left key, 'R' for the right one, or 0.
char digit_keypad(Context& ctx, ImVec2 pos, ImVec2 size, std::string_view left,
                  std::string_view right);
// The height a digit keypad of `available` height gets: four rows of keys between the touch
// target and a comfortable maximum.
float digit_keypad_height(const Context& ctx, float available);

// What was typed on a keyboard (or by the script driver's `type`) this frame, ASCII only; the
// screen that takes it leaves nothing for the next.
std::string take_typed_keys();
// The same, every character as UTF-8 (a keyboard typing a station's name).
std::string take_typed_text();

// A bar filling from the left, for work under way.
void progress_bar(Context& ctx, ImVec2 pos, float width, float height, float fraction);

}  // namespace kiosk::ui
