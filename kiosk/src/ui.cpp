// Touch widgets, fonts and theme, and scroll regions (ImGui child windows whose
// scroll the widget layer sets from a DragScroll each frame).
// [SECTION] fonts and theme, widgets, scroll regions
#include "kiosk/ui.hpp"

#include <imgui_internal.h>  // the open region's laid-out height; whether items are disabled

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kiosk/glyphs.hpp"
#include "kiosk/icons.hpp"
#include "kiosk/strings.hpp"
#include "platform/paths.hpp"

namespace wk::ui {
namespace {
ImFont* g_fonts[4] = {};
constexpr float kScale[4] = {1.0f, 1.3f, 1.8f, 3.4f};

// glyphs.hpp's tables as ImGui wants them: pairs, then 0.
template <size_t N>
std::vector<ImWchar> ranges(const glyphs::Range (&table)[N]) {
    std::vector<ImWchar> out;
    for (const glyphs::Range& r : table) {
        out.push_back(static_cast<ImWchar>(r.first));
        out.push_back(static_cast<ImWchar>(r.last));
    }
    out.push_back(0);
    return out;
}
}  // namespace

// [SECTION] fonts and theme
float em_for_screen(float width, float height) {
    float s = std::min(height / 1080.0f, width / 1000.0f);
    return std::max(14.0f, 30.0f * s);
}

bool build_fonts(ImFontAtlas& atlas, float em) {
    static const std::vector<ImWchar> text = ranges(glyphs::kText), arrows = ranges(glyphs::kArrows),
                                      marks = ranges(glyphs::kMarks), code = ranges(glyphs::kCode);
    std::string regular = paths::noto_font("NotoSans-Regular.ttf");
    std::string bold = paths::noto_font("NotoSans-Bold.ttf");
    if (regular.empty() || bold.empty()) return false;
    std::string symbols[2] = {paths::noto_font("NotoSansSymbols-Regular.ttf"), paths::noto_font("NotoSansSymbols2-Regular.ttf")};
    atlas.Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // keeps the atlas small; the text is large anyway
    cfg.OversampleV = 1;
    ImFontConfig merge = cfg;
    merge.MergeMode = true;
    for (int i = 0; i < 4; ++i) {
        bool huge = i == static_cast<int>(Font::huge);  // the receipt code alone: ASCII
        g_fonts[i] = atlas.AddFontFromFileTTF(i == 0 ? regular.c_str() : bold.c_str(), em * kScale[i], &cfg,
                                              huge ? code.data() : text.data());
        if (huge) continue;
        if (!symbols[0].empty()) atlas.AddFontFromFileTTF(symbols[0].c_str(), em * kScale[i], &merge, arrows.data());
        if (!symbols[1].empty()) atlas.AddFontFromFileTTF(symbols[1].c_str(), em * kScale[i], &merge, marks.data());
    }
    return atlas.Build();
}

ImFont* Ui::font(Font f) const { return g_fonts[static_cast<int>(f)]; }

void Ui::set_theme(bool high_contrast) {
    if (high_contrast)
        m_theme = {IM_COL32(0, 0, 0, 255),        IM_COL32(0, 0, 0, 255),       IM_COL32(255, 255, 255, 255),
                   IM_COL32(255, 255, 255, 255),  IM_COL32(255, 221, 0, 255),   IM_COL32(0, 0, 0, 255),
                   IM_COL32(255, 255, 255, 255),  IM_COL32(255, 255, 255, 255), IM_COL32(255, 120, 120, 255),
                   IM_COL32(120, 255, 120, 255),  IM_COL32(190, 190, 190, 255)};
    else  // border #7A8490: 3.5:1 on the background (was #A0AAB4, 2.18:1); white on #0A56A4: 7.3:1
        m_theme = {IM_COL32(244, 246, 248, 255), IM_COL32(255, 255, 255, 255), IM_COL32(26, 26, 26, 255),
                   IM_COL32(70, 78, 88, 255),    IM_COL32(10, 86, 164, 255),   IM_COL32(255, 255, 255, 255),
                   IM_COL32(6, 58, 110, 255),    IM_COL32(122, 132, 144, 255), IM_COL32(176, 0, 32, 255),
                   IM_COL32(0, 110, 50, 255),    IM_COL32(100, 108, 120, 255)};
}

double contrast_ratio(ImU32 a, ImU32 b) {
    auto luminance = [](ImU32 c) {
        double sum = 0;
        const double weight[3] = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; ++i) {
            double v = static_cast<double>((c >> (8 * i)) & 0xFF) / 255.0;  // IM_COL32: R in the low byte
            sum += weight[i] * (v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
        }
        return sum;
    };
    double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
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

// Wrapped at `wrap` as ImGui wraps, each line centred on `cx`; returns the height drawn.
static float centred_lines(ImDrawList* dl, ImFont* f, const std::string& s, float cx, float y, float wrap, ImU32 col) {
    const char *p = s.c_str(), *end = p + s.size();
    float top = y;
    while (p < end) {
        const char* eol = f->CalcWordWrapPositionA(1.0f, p, end, wrap);
        if (const void* nl = std::memchr(p, '\n', static_cast<size_t>(eol - p))) eol = static_cast<const char*>(nl);
        if (eol == p) {  // one character wider than the line: it goes alone
            ++eol;
            while (eol < end && (static_cast<unsigned char>(*eol) & 0xC0) == 0x80) ++eol;
        }
        float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, p, eol).x;
        dl->AddText(f, f->FontSize, ImVec2(cx - w * 0.5f, y), col, p, eol);
        y += f->FontSize;
        p = eol;
        while (p < end && (*p == ' ' || *p == '\n')) ++p;
    }
    return y - top;
}

// The button's face for its style; returns the text colour on it.
ImU32 Ui::face(ImVec2 p, ImVec2 q, Style style, bool held) {
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
    float round = 0.3f * m_em;
    dl->AddRectFilled(p, q, bg, round);
    if (style != Style::primary && style != Style::danger)
        dl->AddRect(p, q, style == Style::selected ? m_theme.primary : m_theme.border, round, 0,
                    style == Style::selected ? 0.2f * m_em : 0.06f * m_em);
    return fg;
}

// An invisible button at the cursor with its face drawn. A touch that became a drag
// scrolls: the button under the finger neither fires nor lights up.
Ui::Press Ui::press(const char* id, ImVec2 size, Style style) {
    Press r;
    r.min = ImGui::GetCursorScreenPos();
    r.clicked = ImGui::InvisibleButton(id, size) && !m_touch_dragged;
    r.held = ImGui::IsItemActive() && !m_touch_dragged;
    r.max = ImVec2(r.min.x + size.x, r.min.y + size.y);
    r.fg = face(r.min, r.max, style, r.held);
    return r;
}

bool Ui::button(const char* id, const std::string& label, ImVec2 size, Style style, Font f, const char* icon) {
    float min_side = min_touch();
    size.x = std::max(size.x, min_side);
    size.y = std::max(size.y, min_side);
    const Press pr = press(id, size, style);
    ImVec2 p = pr.min, q = pr.max;
    bool held = pr.held;
    ImU32 fg = pr.fg;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* fnt = font(f);
    float wrap = size.x - 0.8f * m_em;
    ImVec2 ts = fnt->CalcTextSizeA(fnt->FontSize, FLT_MAX, wrap, label.c_str());
    float y = p.y + (size.y - ts.y) * 0.5f;
    if (icon) {  // pictogram in the upper part, label below it
        float r = std::min(size.x, size.y) * 0.2f;
        icons::draw(dl, icon, ImVec2(p.x + size.x * 0.5f, p.y + size.y * 0.36f), r, held ? fg : m_theme.primary);
        y = std::min(p.y + size.y * 0.62f, q.y - ts.y - 0.3f * m_em);
    }
    centred_lines(dl, fnt, label, p.x + size.x * 0.5f, y, wrap, fg);
    record_target(id, label, p, q);
    record_shown_text(label, p, q);
    return pr.clicked;
}

bool Ui::tile(const char* id, const std::string& label, const std::string& hint, ImVec2 size, Style style,
              const char* icon) {
    const Press pr = press(id, size, style);
    ImVec2 p = pr.min, q = pr.max;
    ImU32 fg = pr.fg;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    bool on_primary = style == Style::primary || pr.held;
    ImFont *tf = font(Font::title), *bf = font(Font::body);
    float wrap = size.x - 1.6f * m_em, gap = 0.4f * m_em, cx = p.x + size.x * 0.5f;
    float text_h = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, wrap, label.c_str()).y + gap +
                   bf->CalcTextSizeA(bf->FontSize, FLT_MAX, wrap, hint.c_str()).y;
    float room = size.y - 1.2f * m_em - text_h;  // for the pictogram and its gap
    float r = std::min({size.x * 0.16f, 2.6f * m_em, (room - gap) * 0.5f});
    bool pictogram = r >= 0.9f * m_em;
    float y = p.y + (size.y - text_h - (pictogram ? 2 * r + gap : 0)) * 0.5f;
    if (pictogram) {
        icons::draw(dl, icon, ImVec2(cx, y + r), r, on_primary ? m_theme.primary_text : m_theme.primary);
        y += 2 * r + gap;
    }
    y += centred_lines(dl, tf, label, cx, y, wrap, fg) + gap;
    centred_lines(dl, bf, hint, cx, y, wrap, on_primary ? m_theme.primary_text : m_theme.muted);
    record_target(id, label, p, q);
    record_shown_text(label, p, q);
    record_shown_text(hint, p, q);
    return pr.clicked;
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
    // Keep the end of a long text in view: the caret is where the citizen types.
    float y = p.y + pad;
    ImVec2 ts = fnt->CalcTextSizeA(fnt->FontSize, FLT_MAX, wrap, value.c_str());
    if (ts.y > size.y - 2 * pad) y -= ts.y - (size.y - 2 * pad);
    dl->PushClipRect(p, q, true);
    if (value.empty()) {  // the hint: regular, smaller and lighter than typed text, so it never passes for it
        ImFont* hint = font(Font::body);
        float hy = p.y + std::max(pad, (std::min(size.y, 2.4f * m_em) - hint->FontSize) * 0.5f);
        dl->AddText(hint, hint->FontSize, ImVec2(p.x + pad + 0.4f * m_em, hy), m_theme.hint, placeholder.c_str(), nullptr,
                    wrap - 0.4f * m_em);  // right of the caret
    } else {
        dl->AddText(fnt, fnt->FontSize, ImVec2(p.x + pad, y), m_theme.text, value.c_str(), nullptr, wrap);
    }
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

void Ui::qr(const print::QrModules& m, float side, const std::string& text) {
    record_text("qr: " + text);
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
