// DragScroll: the drag-to-scroll arithmetic (threshold, follow, clamp). No ImGui.
#include "kiosk/drag_scroll.hpp"

#include <algorithm>
#include <cmath>

namespace wk::ui {

void DragScroll::press(float y) {
    m_pressed = true;
    m_dragged = false;
    m_press_y = y;
    m_press_offset = m_offset;
}

// The offset follows the finger from where it came down, so moving back returns the
// list to where it was; within the threshold nothing moves (it may still be a tap).
void DragScroll::move(float y) {
    if (!m_pressed) return;
    if (!m_dragged && std::fabs(y - m_press_y) <= m_threshold) return;
    m_dragged = true;
    m_offset = m_press_offset - (y - m_press_y);
    keep_in_range();
}

void DragScroll::release() { m_pressed = false; }

// A finger on the list owns it: a wheel turned meanwhile is ignored.
void DragScroll::wheel(float dy) {
    if (m_pressed) return;
    m_offset += dy;
    keep_in_range();
}

void DragScroll::clamp(float content, float view) {
    m_content = std::max(0.0f, content);
    m_view = std::max(0.0f, view);
    keep_in_range();
}

void DragScroll::reset() { *this = DragScroll(m_threshold); }

// Before the first clamp the content is unknown: the offset may not move down at all.
void DragScroll::keep_in_range() { m_offset = std::clamp(m_offset, 0.0f, max_offset()); }

}  // namespace wk::ui
