// How a finger scrolls a list that is taller than its place on the screen, in plain
// C++ with no ImGui: a press that moves past a threshold becomes a drag (and is no
// longer a tap), the offset follows the finger and stays within the content. The
// widget layer (ui.cpp) feeds it the pointer and draws with offset(); tests drive it
// directly. No momentum: the list stops where the finger lifts.
#pragma once

namespace wk::ui {

class DragScroll {
  public:
    // `threshold`: how far (pixels) a finger may wander and still tap.
    explicit DragScroll(float threshold = 15) : m_threshold(threshold) {}

    void press(float y);      // a finger comes down on the list at `y`
    void move(float y);       // the finger is now at `y`; past the threshold the list follows it
    void release();           // the finger lifts; dragged() keeps its answer until the next press
    void wheel(float dy);     // a mouse wheel: `dy` pixels further down (negative: up); not while pressed
    // Keeps the offset within [0, content - view] (0 when the content fits) and
    // remembers both heights for the more_* answers.
    void clamp(float content, float view);
    void reset();             // back to the top, no finger

    float offset() const { return m_offset; }   // pixels of content scrolled out above the view
    bool pressed() const { return m_pressed; }  // a finger is down on the list
    bool dragged() const { return m_dragged; }  // the current (or last) press became a drag
    float max_offset() const { return m_content > m_view ? m_content - m_view : 0; }
    bool more_above() const { return m_offset > 0.5f; }
    bool more_below() const { return m_offset < max_offset() - 0.5f; }

  private:
    void keep_in_range();
    float m_threshold;
    float m_offset = 0, m_content = 0, m_view = 0;
    float m_press_y = 0, m_press_offset = 0;
    bool m_pressed = false, m_dragged = false;
};

}  // namespace wk::ui
