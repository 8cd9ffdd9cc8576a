// Touch widgets over Dear ImGui, sized in font units. Every widget records what it
// shows: touch targets (stable id, visible label, rectangle) and visible text, so the
// scripted driver can tap by id or label, `expect` and `dump` without reading pixels.
// Sizes: em() is the body font's pixel size, scaled from the screen. Scroll regions
// let a list taller than its place be dragged with a finger (drag_scroll.hpp).
#pragma once
#include <imgui.h>
#include <map>
#include <string>
#include <vector>

#include "kiosk/drag_scroll.hpp"
#include "print/qr.hpp"

namespace wk::ui {

enum class Font { body, large, title, huge };
enum class Style { primary, secondary, tile, key, danger, selected };

struct Target {
    std::string id;
    std::string label;
    ImVec2 min, max;
    bool clipped = false;  // partly scrolled out of view: min..max is the part on the screen
};

// Contrast (WCAG 2, checked by test_ui from these values): text and primary_text at
// least 7:1 on what they sit on, muted and hint 4.5:1, border 3:1 on background and surface.
struct Theme {
    ImU32 background, surface, text, muted, primary, primary_text, pressed, border, error, ok, hint;
};
// The WCAG 2 contrast ratio of two opaque colours (1 to 21).
double contrast_ratio(ImU32 a, ImU32 b);

// Minimum touch target at 1080p is 64 px: 2.2 em at em = 30.
constexpr float kMinTouchEm = 2.2f;
// A press that moves further than this (font units) is a drag, not a tap.
constexpr float kDragThresholdEm = 0.5f;
// A scroll region draws its scroll bar in its rightmost strip this wide: leave it free.
constexpr float kScrollBarEm = 0.6f;

// The body font size for a screen: 30 px at 1080 lines, scaled, narrow screens limited by width.
float em_for_screen(float width, float height);
constexpr float kLargeTextScale = 1.25f;
// Builds `atlas` anew with Noto Sans (regular and bold, with every Vietnamese glyph) at
// the four sizes. Returns false when the font files are missing. Touches nothing but the
// atlas and the fonts Ui::font hands out, so it may run on another thread before the
// first frame.
bool build_fonts(ImFontAtlas& atlas, float em);

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
    // A large tile: the pictogram `icon` (icons.hpp), the label in the title font and the
    // hint below it, every line centred; the pictogram shrinks, then goes, when room is short.
    bool tile(const char* id, const std::string& label, const std::string& hint, ImVec2 size, Style style,
              const char* icon);
    // Text at the cursor, wrapped at `wrap` pixels (0 = no wrap).
    void text(const std::string& s, Font f = Font::body, ImU32 color = 0, float wrap = 0);
    void text_centered(const std::string& s, Font f, float y, ImU32 color = 0);
    // A text box showing `value`; true when tapped. `caret` draws the insertion bar.
    bool field(const char* id, const std::string& label, const std::string& value, bool focused, ImVec2 size,
               const std::string& placeholder);
    // `text` (what the code says) is recorded as "qr: <text>" for the scripted driver.
    void qr(const print::QrModules& m, float side, const std::string& text);
    void bar(float value, float max_value, float width, float height, ImU32 color);

    void record_text(const std::string& s) { m_texts.push_back(s); }
    void record_target(const char* id, const std::string& label, ImVec2 min, ImVec2 max);
    const std::vector<Target>& targets() const { return m_targets; }
    const std::vector<std::string>& texts() const { return m_texts; }

    void set_theme(bool high_contrast);
    bool any_touch() const;  // a press began this frame

    // A region of `size` at `min` (window coordinates, as SetCursorPos) whose content
    // scrolls when a finger drags it or a mouse wheel turns over it. Until end_scroll,
    // SetCursorPos is relative to the top-left of the region's content; what is drawn
    // is clipped to the region; targets and texts wholly out of view are not recorded,
    // targets partly out are recorded clipped. A scroll bar, and a "swipe up" hint while
    // more follows below, show that there is more. The offset is kept per `id` until
    // forget_scroll. Regions do not nest; prefer ScrollRegion, which always ends.
    void begin_scroll(const char* id, ImVec2 min, ImVec2 size);
    void end_scroll();
    void forget_scroll();  // every region back to its top: another screen, another citizen
    // The regions drawn this frame (id and rectangle, label empty): the driver's `drag`.
    const std::vector<Target>& scroll_regions() const { return m_region_rects; }
    float scroll_offset(const std::string& id) const;  // 0 for a region never scrolled

  private:
    struct Region {
        DragScroll drag;
        ImVec2 min, max;  // on the screen, this frame
    };
    void follow_pointer(Region& r);
    void scroll_hints(const Region& r, float offset, float content);
    bool shown(ImVec2 min, ImVec2 max) const;  // any of it inside the open region (or no region)
    ImU32 face(ImVec2 p, ImVec2 q, Style style, bool held);  // a button's background and outline
    struct Press {
        ImVec2 min, max;
        bool clicked = false, held = false;
        ImU32 fg = 0;  // the text colour on the face
    };
    Press press(const char* id, ImVec2 size, Style style);
    void record_shown_text(const std::string& s, ImVec2 min, ImVec2 max);

    float m_em = 30, m_w = 1920, m_h = 1080, m_scale = 1;
    Theme m_theme{};
    std::vector<Target> m_targets;
    std::vector<std::string> m_texts;
    std::map<std::string, Region> m_regions;
    Region* m_open = nullptr;           // between begin_scroll and end_scroll
    std::vector<Target> m_region_rects;
    bool m_touch_dragged = false;       // the current touch became a drag: no button fires or lights up
};

// begin_scroll .. end_scroll for a block: the region ends however the block is left.
class ScrollRegion {
  public:
    ScrollRegion(Ui& ui, const char* id, ImVec2 min, ImVec2 size) : m_ui(ui) { ui.begin_scroll(id, min, size); }
    ~ScrollRegion() { m_ui.end_scroll(); }
    ScrollRegion(const ScrollRegion&) = delete;
    ScrollRegion& operator=(const ScrollRegion&) = delete;

  private:
    Ui& m_ui;
};

}  // namespace wk::ui
