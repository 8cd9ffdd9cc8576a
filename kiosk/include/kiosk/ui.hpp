// Touch widgets over Dear ImGui, sized in font units. Every widget records what it
// shows: touch targets (stable id, visible label, rectangle) and visible text, so the
// scripted driver can tap by id or label, `expect` and `dump` without reading pixels.
// Sizes: em() is the body font's pixel size, scaled from the screen.
#pragma once
#include <imgui.h>
#include <string>
#include <vector>

#include "print/qr.hpp"

namespace wk::ui {

enum class Font { body, large, title, huge };
enum class Style { primary, secondary, tile, key, danger, selected };

struct Target {
    std::string id;
    std::string label;
    ImVec2 min, max;
};

struct Theme {
    ImU32 background, surface, text, muted, primary, primary_text, pressed, border, error, ok;
};

// Minimum touch target at 1080p is 64 px: 2.2 em at em = 30.
constexpr float kMinTouchEm = 2.2f;

// The body font size for a screen: 30 px at 1080 lines, scaled, narrow screens limited by width.
float em_for_screen(float width, float height);
constexpr float kLargeTextScale = 1.25f;
// Adds Noto Sans (regular and bold, with every Vietnamese glyph) at the four sizes.
// Returns false when the font files are missing.
bool build_fonts(ImGuiIO& io, float em);

class Ui {
  public:
    void begin_frame(float width, float height, float scale = 1.0f);
    float em() const { return m_em; }
    // em before the large-text scale: touch minimums and tight layouts use it, so
    // larger text never makes a layout run out of room.
    float base_em() const { return m_em / m_scale; }
    float min_touch() const { return kMinTouchEm * base_em(); }
    float width() const { return m_w; }
    float height() const { return m_h; }
    const Theme& theme() const { return m_theme; }
    ImFont* font(Font f) const;

    // A touch button at the cursor; true on the frame it is released over itself.
    // With `icon` (a category code), the drawn pictogram sits above the label.
    bool button(const char* id, const std::string& label, ImVec2 size, Style style = Style::primary,
                Font font = Font::large, const char* icon = nullptr);
    // Text at the cursor, wrapped at `wrap` pixels (0 = no wrap).
    void text(const std::string& s, Font f = Font::body, ImU32 color = 0, float wrap = 0);
    void text_centered(const std::string& s, Font f, float y, ImU32 color = 0);
    // A text box showing `value`; true when tapped. `caret` draws the insertion bar.
    bool field(const char* id, const std::string& label, const std::string& value, bool focused, ImVec2 size,
               const std::string& placeholder);
    void qr(const print::QrModules& m, float side);
    void bar(float value, float max_value, float width, float height, ImU32 color);

    void record_text(const std::string& s) { m_texts.push_back(s); }
    void record_target(const char* id, const std::string& label, ImVec2 min, ImVec2 max);
    const std::vector<Target>& targets() const { return m_targets; }
    const std::vector<std::string>& texts() const { return m_texts; }

    void set_theme(bool high_contrast);
    bool any_touch() const;  // a press began this frame

  private:
    float m_em = 30, m_w = 1920, m_h = 1080, m_scale = 1;
    Theme m_theme{};
    std::vector<Target> m_targets;
    std::vector<std::string> m_texts;
};

}  // namespace wk::ui
