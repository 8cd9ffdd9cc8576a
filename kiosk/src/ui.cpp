// Touch widgets, fonts and theme, and scroll regions (ImGui child windows whose
// scroll the widget layer sets from a DragScroll each frame).
// [SECTION] fonts and theme, widgets, scroll regions
#include "kiosk/ui.hpp"

#include <imgui_internal.h>  // the open region's laid-out height; whether items are disabled

#include <algorithm>
#include <cmath>

#include "kiosk/icons.hpp"
#include "kiosk/strings.hpp"
#include "platform/paths.hpp"

namespace wk::ui {
namespace {
ImFont* g_fonts[4] = {};
constexpr float kScale[4] = {1.0f, 1.3f, 1.8f, 3.4f};

// Latin, Vietnamese, general punctuation (– … “ ” •) and the arrows used on buttons.
const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0102, 0x0103, 0x0110, 0x0111, 0x0128, 0x0129, 0x0168, 0x0169,
                           0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x0300, 0x0303, 0x0309, 0x0309, 0x0323, 0x0323,
                           0x1EA0, 0x1EF9, 0x2010, 0x2027, 0x2190, 0x2193, 0};
}  // namespace

// [SECTION] fonts and theme
float em_for_screen(float width, float height) {
    float s = std::min(height / 1080.0f, width / 1000.0f);
    return std::max(14.0f, 30.0f * s);
}

bool build_fonts(ImFontAtlas& atlas, float em) {
    std::string regular = paths::noto_font("NotoSans-Regular.ttf");
    std::string bold = paths::noto_font("NotoSans-Bold.ttf");
    if (regular.empty() || bold.empty()) return false;
    atlas.Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // keeps the atlas small; the text is large anyway
    cfg.OversampleV = 1;
    for (int i = 0; i < 4; ++i)
        g_fonts[i] = atlas.AddFontFromFileTTF(i == 0 ? regular.c_str() : bold.c_str(), em * kScale[i], &cfg, kRanges);
    return atlas.Build();
}

ImFont* Ui::font(Font f) const { return g_fonts[static_cast<int>(f)]; }

void Ui::set_theme(bool high_contrast) {
    if (high_contrast)
        m_theme = {IM_COL32(0, 0, 0, 255),        IM_COL32(0, 0, 0, 255),       IM_COL32(255, 255, 255, 255),
                   IM_COL32(255, 255, 255, 255),  IM_COL32(255, 221, 0, 255),   IM_COL32(0, 0, 0, 255),
                   IM_COL32(255, 255, 255, 255),  IM_COL32(255, 255, 255, 255), IM_COL32(255, 120, 120, 255),
                   IM_COL32(120, 255, 120, 255)};
    else
        m_theme = {IM_COL32(244, 246, 248, 255), IM_COL32(255, 255, 255, 255), IM_COL32(26, 26, 26, 255),
                   IM_COL32(70, 78, 88, 255),    IM_COL32(11, 92, 173, 255),   IM_COL32(255, 255, 255, 255),
                   IM_COL32(6, 58, 110, 255),    IM_COL32(160, 170, 180, 255), IM_COL32(176, 0, 32, 255),
                   IM_COL32(0, 110, 50, 255)};
}

// [SECTION] widgets
void Ui::begin_frame(float width, float height, float scale) {
    m_w = width;
    m_h = height;
    m_scale = scale;
    m_em = em_for_screen(width, height) * scale;
    m_targets.clear();
    m_texts.clear();
    m_region_rects.clear();
    m_open = nullptr;
    if (ImGui::IsMouseClicked(0)) m_touch_dragged = false;  // a new touch is a tap until it moves
    if (m_theme.text == 0) set_theme(false);
}

void Ui::record_target(const char* id, const std::string& label, ImVec2 min, ImVec2 max) {
    Target t{id, label, min, max};
    if (m_open) {  // only the part in view can be touched
        t.min = ImVec2(std::max(min.x, m_open->min.x), std::max(min.y, m_open->min.y));
        t.max = ImVec2(std::min(max.x, m_open->max.x), std::min(max.y, m_open->max.y));
        if (t.max.x - t.min.x < 1 || t.max.y - t.min.y < 1) return;
        t.clipped = t.min.y > min.y + 0.5f || t.max.y < max.y - 0.5f || t.min.x > min.x + 0.5f || t.max.x < max.x - 0.5f;
    }
    m_targets.push_back(t);
}

bool Ui::shown(ImVec2 min, ImVec2 max) const {
    if (!m_open) return true;
    return max.y > m_open->min.y + 0.5f && min.y < m_open->max.y - 0.5f && max.x > m_open->min.x &&
           min.x < m_open->max.x;
}

void Ui::record_shown_text(const std::string& s, ImVec2 min, ImVec2 max) {
    if (shown(min, max)) m_texts.push_back(s);
}

bool Ui::any_touch() const { return ImGui::IsMouseClicked(0); }

bool Ui::button(const char* id, const std::string& label, ImVec2 size, Style style, Font f, const char* icon) {
    float min_side = min_touch();
    size.x = std::max(size.x, min_side);
    size.y = std::max(size.y, min_side);
    ImVec2 p = ImGui::GetCursorScreenPos();
    // A touch that became a drag scrolls: the button under the finger neither fires nor lights up.
    bool clicked = ImGui::InvisibleButton(id, size) && !m_touch_dragged;
    bool held = ImGui::IsItemActive() && !m_touch_dragged;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 bg = m_theme.primary, fg = m_theme.primary_text;
    if (style == Style::secondary || style == Style::key || style == Style::tile) {
        bg = m_theme.surface;
        fg = m_theme.text;
    }
    if (style == Style::danger) bg = m_theme.error;
    if (held) {
        bg = m_theme.pressed;
        fg = m_theme.primary_text;
    }
    ImVec2 q(p.x + size.x, p.y + size.y);
    float round = 0.3f * m_em;
    dl->AddRectFilled(p, q, bg, round);
    if (style != Style::primary && style != Style::danger)
        dl->AddRect(p, q, style == Style::selected ? m_theme.primary : m_theme.border, round, 0,
                    style == Style::selected ? 0.2f * m_em : 0.06f * m_em);
    ImFont* fnt = font(f);
    float wrap = size.x - 0.8f * m_em;
    ImVec2 ts = fnt->CalcTextSizeA(fnt->FontSize, FLT_MAX, wrap, label.c_str());
    ImVec2 at(p.x + (size.x - ts.x) * 0.5f, p.y + (size.y - ts.y) * 0.5f);
    if (icon) {  // pictogram in the upper part, label below it
        float r = std::min(size.x, size.y) * 0.2f;
        icons::draw(dl, icon, ImVec2(p.x + size.x * 0.5f, p.y + size.y * 0.36f), r, held ? fg : m_theme.primary);
        at.y = std::min(p.y + size.y * 0.62f, q.y - ts.y - 0.3f * m_em);
    }
    dl->AddText(fnt, fnt->FontSize, at, fg, label.c_str(), nullptr, wrap);
    record_target(id, label, p, q);
    record_shown_text(label, p, q);
    return clicked;
}

void Ui::text(const std::string& s, Font f, ImU32 color, float wrap) {
    ImGui::PushFont(font(f));
    ImGui::PushStyleColor(ImGuiCol_Text, color ? color : m_theme.text);
    if (wrap > 0) ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::TextUnformatted(s.c_str());
    if (wrap > 0) ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    record_shown_text(s, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void Ui::text_centered(const std::string& s, Font f, float y, ImU32 color) {
    ImFont* fnt = font(f);
    ImVec2 ts = fnt->CalcTextSizeA(fnt->FontSize, FLT_MAX, 0, s.c_str());
    ImGui::SetCursorPos(ImVec2((m_w - ts.x) * 0.5f, y));
    text(s, f, color);
}

bool Ui::field(const char* id, const std::string& label, const std::string& value, bool focused, ImVec2 size,
               const std::string& placeholder) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    bool tapped = ImGui::InvisibleButton(id, size) && !m_touch_dragged;
    ImVec2 q(p.x + size.x, p.y + size.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, q, m_theme.surface, 0.2f * m_em);
    dl->AddRect(p, q, focused ? m_theme.primary : m_theme.border, 0.2f * m_em, 0, focused ? 0.15f * m_em : 0.06f * m_em);
    ImFont* fnt = font(Font::large);
    float pad = 0.5f * m_em, wrap = size.x - 2 * pad;
    const std::string& shown = value.empty() ? placeholder : value;
    ImVec2 ts = fnt->CalcTextSizeA(fnt->FontSize, FLT_MAX, wrap, shown.c_str());
    // Keep the end of a long text in view: the caret is where the citizen types.
    float y = p.y + pad;
    if (!value.empty() && ts.y > size.y - 2 * pad) y -= ts.y - (size.y - 2 * pad);  // a hint shows its start
    dl->PushClipRect(p, q, true);
    dl->AddText(fnt, fnt->FontSize, ImVec2(p.x + pad, y), value.empty() ? m_theme.muted : m_theme.text, shown.c_str(),
                nullptr, wrap);
    if (focused) {
        const char* start = value.c_str();
        ImVec2 caret = fnt->CalcTextSizeA(fnt->FontSize, FLT_MAX, wrap, start);
        float line_w = 0;
        if (!value.empty()) {
            const char* last_line = value.c_str() + value.size();
            while (last_line > start && last_line[-1] != '\n') --last_line;
            line_w = fnt->CalcTextSizeA(fnt->FontSize, FLT_MAX, wrap, last_line).x;
            if (line_w > wrap) line_w = std::fmod(line_w, wrap);
        }
        float cy = y + std::max(caret.y, fnt->FontSize) - fnt->FontSize;
        dl->AddRectFilled(ImVec2(p.x + pad + line_w + 2, cy), ImVec2(p.x + pad + line_w + 2 + 0.1f * m_em, cy + fnt->FontSize),
                          m_theme.primary);
    }
    dl->PopClipRect();
    record_target(id, label, p, q);
    record_shown_text(label, p, q);
    record_shown_text(value.empty() ? placeholder : value, p, q);
    return tapped;
}

void Ui::qr(const print::QrModules& m, float side) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(side, side));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), IM_COL32(255, 255, 255, 255));
    if (m.size == 0) return;
    float quiet = 4, cell = side / (static_cast<float>(m.size) + 2 * quiet);
    for (int y = 0; y < m.size; ++y)
        for (int x = 0; x < m.size; ++x)
            if (m.at(x, y)) {
                ImVec2 a(p.x + (static_cast<float>(x) + quiet) * cell, p.y + (static_cast<float>(y) + quiet) * cell);
                dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(0, 0, 0, 255));
            }
}

void Ui::bar(float value, float max_value, float width, float height, ImU32 color) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    float w = max_value > 0 ? width * value / max_value : 0;
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + std::max(w, 2.0f), p.y + height), color, 0.1f * m_em);
}

// [SECTION] scroll regions
namespace {
ImVec2 add(ImVec2 a, ImVec2 b) { return ImVec2(a.x + b.x, a.y + b.y); }
ImU32 with_alpha(ImU32 c, int a) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT); }
}  // namespace

// The mouse is the finger: a press inside the region starts a gesture, which follows
// the pointer until the button is up, inside the region or not. While the screen is
// disabled (the idle prompt) no gesture starts.
void Ui::follow_pointer(Region& r) {
    ImGuiIO& io = ImGui::GetIO();
    bool inside = ImGui::IsMouseHoveringRect(r.min, r.max, false);
    bool enabled = !(GImGui->CurrentItemFlags & ImGuiItemFlags_Disabled);
    bool was_pressed = r.drag.pressed();
    if (ImGui::IsMouseClicked(0)) {
        if (was_pressed) r.drag.release();  // a release this region never saw
        was_pressed = false;
        if (inside && enabled) r.drag.press(io.MousePos.y);
    } else if (was_pressed) {
        if (io.MouseDown[0]) r.drag.move(io.MousePos.y);
        else r.drag.release();
    }
    if (inside && enabled && io.MouseWheel != 0) r.drag.wheel(-io.MouseWheel * 3 * m_em);
    // Only the gesture this region holds (or lets go of this frame) stops the buttons.
    if (r.drag.dragged() && (was_pressed || r.drag.pressed())) m_touch_dragged = true;
}

void Ui::begin_scroll(const char* id, ImVec2 min, ImVec2 size) {
    IM_ASSERT(!m_open && "scroll regions do not nest");
    size = ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f));  // to ImGui, 0 would mean "the rest"
    Region& r = m_regions.try_emplace(id, Region{DragScroll(kDragThresholdEm * m_em), {}, {}}).first->second;
    ImGui::SetCursorPos(min);
    r.min = ImGui::GetCursorScreenPos();
    r.max = add(r.min, size);
    follow_pointer(r);
    m_region_rects.push_back({id, "", r.min, r.max});
    // ImGui keeps the child's scroll within last frame's content, as clamp() did.
    ImGui::SetNextWindowScroll(ImVec2(0, r.drag.offset()));
    ImGui::BeginChild(id, size, false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    m_open = &r;
}

void Ui::end_scroll() {
    IM_ASSERT(m_open && "end_scroll without begin_scroll");
    Region& r = *m_open;
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    // A little room after the last line, so the end of the list does not touch the edge.
    ImGui::SetCursorScreenPos(ImVec2(w->DC.CursorStartPos.x, w->DC.CursorMaxPos.y));
    ImGui::Dummy(ImVec2(1, 0.5f * m_em));
    float content = std::floor(w->DC.CursorMaxPos.y - w->DC.CursorStartPos.y);  // as ImGui measures it
    r.drag.clamp(content, r.max.y - r.min.y);
    scroll_hints(r, w->Scroll.y, content);
    m_open = nullptr;
    ImGui::EndChild();
}

// The scroll bar on the right; fades where the list goes on; "swipe up to see more"
// at the bottom while it does. All drawn, none hover-only, none a touch target.
void Ui::scroll_hints(const Region& r, float offset, float content) {
    float view = r.max.y - r.min.y;
    if (content <= view + 0.5f) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x1 = r.max.x - 0.15f * m_em, x0 = x1 - 0.3f * m_em;
    float thumb = std::max(view * view / content, 2 * m_em);
    float y0 = r.min.y + (view - thumb) * std::clamp(offset / (content - view), 0.0f, 1.0f);
    dl->AddRectFilled(ImVec2(x0, r.min.y), ImVec2(x1, r.max.y), with_alpha(m_theme.border, 90), 0.15f * m_em);
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y0 + thumb), m_theme.muted, 0.15f * m_em);
    ImU32 solid = m_theme.background, clear = with_alpha(m_theme.background, 0);
    float fade = 1.2f * m_em, right = x0 - 0.1f * m_em;
    // ImGui scrolls by whole pixels: within one of either end is at that end.
    // The fades reach a pixel past the region: its clip rectangle is whole pixels.
    if (offset >= 1)
        dl->AddRectFilledMultiColor(ImVec2(r.min.x, r.min.y - 1), ImVec2(right, r.min.y + fade), solid, solid, clear, clear);
    if (offset > content - view - 1) return;
    dl->AddRectFilledMultiColor(ImVec2(r.min.x, r.max.y - fade), ImVec2(right, r.max.y + 1), clear, clear, solid, solid);
    std::string hint = _("Swipe up to see more");
    ImFont* f = font(Font::body);
    ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, hint.c_str());
    float tri = 0.7f * m_em, pad = 0.5f * m_em, h = ts.y + 0.4f * m_em, w = tri + pad + ts.x + 2 * pad;
    ImVec2 p((r.min.x + right - w) * 0.5f, r.max.y - h - 0.2f * m_em);
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), m_theme.surface, h * 0.5f);
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), m_theme.border, h * 0.5f, 0, 0.06f * m_em);
    float cx = p.x + pad + tri * 0.5f, cy = p.y + h * 0.5f;  // a ▼ drawn, as the fonts hold no such glyph
    dl->AddTriangleFilled(ImVec2(cx - tri * 0.5f, cy - tri * 0.3f), ImVec2(cx + tri * 0.5f, cy - tri * 0.3f),
                          ImVec2(cx, cy + tri * 0.4f), m_theme.primary);
    dl->AddText(f, f->FontSize, ImVec2(p.x + pad + tri + pad, p.y + 0.2f * m_em), m_theme.text, hint.c_str());
    m_texts.push_back(hint);
}

void Ui::forget_scroll() { m_regions.clear(); }

float Ui::scroll_offset(const std::string& id) const {
    auto it = m_regions.find(id);
    return it == m_regions.end() ? 0 : it->second.drag.offset();
}

}  // namespace wk::ui
