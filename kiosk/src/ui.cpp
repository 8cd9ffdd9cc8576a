// Touch widgets, fonts and theme.
#include "kiosk/ui.hpp"

#include <algorithm>
#include <cmath>

#include "kiosk/icons.hpp"
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

float em_for_screen(float width, float height) {
    float s = std::min(height / 1080.0f, width / 1000.0f);
    return std::max(14.0f, 30.0f * s);
}

bool build_fonts(ImGuiIO& io, float em) {
    std::string regular = paths::noto_font("NotoSans-Regular.ttf");
    std::string bold = paths::noto_font("NotoSans-Bold.ttf");
    if (regular.empty() || bold.empty()) return false;
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // keeps the atlas small; the text is large anyway
    cfg.OversampleV = 1;
    for (int i = 0; i < 4; ++i)
        g_fonts[i] = io.Fonts->AddFontFromFileTTF(i == 0 ? regular.c_str() : bold.c_str(), em * kScale[i], &cfg, kRanges);
    io.FontDefault = g_fonts[0];
    return io.Fonts->Build();
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

void Ui::begin_frame(float width, float height, float scale) {
    m_w = width;
    m_h = height;
    m_scale = scale;
    m_em = em_for_screen(width, height) * scale;
    m_targets.clear();
    m_texts.clear();
    if (m_theme.text == 0) set_theme(false);
}

void Ui::record_target(const char* id, const std::string& label, ImVec2 min, ImVec2 max) {
    m_targets.push_back({id, label, min, max});
}

bool Ui::any_touch() const { return ImGui::IsMouseClicked(0); }

bool Ui::button(const char* id, const std::string& label, ImVec2 size, Style style, Font f, const char* icon) {
    float min_side = min_touch();
    size.x = std::max(size.x, min_side);
    size.y = std::max(size.y, min_side);
    ImVec2 p = ImGui::GetCursorScreenPos();
    bool clicked = ImGui::InvisibleButton(id, size);
    bool held = ImGui::IsItemActive();
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
    m_texts.push_back(label);
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
    m_texts.push_back(s);
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
    bool tapped = ImGui::InvisibleButton(id, size);
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
    m_texts.push_back(label);
    if (!value.empty()) m_texts.push_back(value);
    else m_texts.push_back(placeholder);
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

}  // namespace wk::ui
