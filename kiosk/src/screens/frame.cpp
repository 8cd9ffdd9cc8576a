// The frame around every screen: the full-screen surface, the screen dispatch, the
// header, the problem message, the on-screen keyboard and the "still there?" prompt.
#include <algorithm>
#include <cmath>

#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"

namespace wk::screens {

void header(ui::Ui& ui, const std::string& title, App& app) {
    float em = ui.em();
    ImGui::SetCursorPos(ImVec2(em, em * 0.8f));
    ui.text(title, ui::Font::title);
    ImGui::SetCursorPos(ImVec2(ui.width() - em * 7.5f, em * 0.6f));
    if (ui.button("nav.home", _("Home"), ImVec2(em * 6.5f, em * 2.4f), ui::Style::secondary)) app.home_pressed();
}

std::string category_name(const App& app, const std::string& code) {
    const Category* c = app.category(code);
    if (!c) return code;
    if (i18n::language() != "en") return c->name_vi;
    if (!c->name_en.empty()) return c->name_en;
    return c->name_vi + " " + _("(in Vietnamese)");  // a portal's category the file does not translate
}

// What was typed, as one paragraph of at most `lines` lines `wrap` pixels wide in the
// large font, ending in " …" when cut, so a long text cannot push the review off screen.
std::string preview(const ui::Ui& ui, std::string s, float wrap, int lines) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    ImFont* f = ui.font(ui::Font::large);
    if (f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, s.c_str()).y <= f->FontSize * static_cast<float>(lines) + 0.5f)
        return s;
    const char* more = " …";
    const char *p = s.c_str(), *end = p + s.size();
    for (int i = 0; i < lines && p < end; ++i) {
        float w = i + 1 < lines ? wrap : wrap - f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, more).x;
        p = f->CalcWordWrapPositionA(1.0f, p, end, w);
        if (i + 1 < lines)
            while (p < end && *p == ' ') ++p;
    }
    while (p > s.c_str() && (static_cast<unsigned char>(*p) & 0xC0) == 0x80) --p;  // at a letter's start
    std::string out = s.substr(0, static_cast<size_t>(p - s.c_str()));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + more;
}

void message(ui::Ui& ui, const std::string& msgid) {
    if (msgid.empty()) return;
    ui.text(_(msgid.c_str()), ui::Font::large, ui.theme().error, ui.width() - 2 * ui.em());
}

// Letters for text fields; the 32 receipt symbols for the lookup keypad.
namespace {

const char* kLetters[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm,.?"};
const char* kSymbols[] = {"1234567890", "-/:;()&@\"'", "!%+=*#_<>", "[]{}~|^$,."};
const char* kCode[] = {"1234567890", "ABCDEFGHJK", "MNPQRSTVWX", "YZ"};

// "No accents" rather than "ABC", which sat beside the symbols layer's "abc".
const char* mode_label(InputMode m) { return m == InputMode::telex ? "Telex" : m == InputMode::vni ? "VNI" : _("No accents"); }

// The bottom row of the text keyboard: input mode, shift, space, layer, delete
// (widths in keys: 1.5, 1.5, 4, 1, 2).
void bottom_row(ui::Ui& ui, App& app, float x0, float y, float key, float gap, float h, UnixMs now) {
    auto width = [&](float units) { return units * (key + gap) - gap; };
    const KioskState& s = app.state();
    ImGui::SetCursorPos(ImVec2(x0, y));
    if (ui.button("osk.mode", mode_label(s.input_mode), ImVec2(width(1.5f), h), ui::Style::key, ui::Font::body)) {
        app.touched(now);
        app.next_input_mode();
    }
    ImGui::SameLine(0, gap);
    if (ui.button("osk.shift", "Aa", ImVec2(width(1.5f), h), s.shift ? ui::Style::selected : ui::Style::key)) {
        app.touched(now);
        app.toggle_shift();
    }
    ImGui::SameLine(0, gap);
    if (ui.button("osk.space", _("Space"), ImVec2(width(4), h), ui::Style::key)) {
        app.touched(now);
        app.press_key(' ');
    }
    ImGui::SameLine(0, gap);
    if (ui.button("osk.layer", s.symbols ? _("Letters") : "#+=", ImVec2(width(1), h), ui::Style::key, ui::Font::body)) {
        app.touched(now);
        app.toggle_symbols();
    }
    ImGui::SameLine(0, gap);
}

// Portrait screens put the keys at the bottom, near the hands, rather than under the
// field with empty space below them.
float keys_top(const ui::Ui& ui, float top, float bottom, int rows, float h, float gap) {
    if (ui.height() <= ui.width()) return top;
    return std::max(top, bottom - static_cast<float>(rows) * (h + gap));
}

// The phone field's pad, as on a phone: 1-9, then + 0 and delete, large keys.
void phone_pad(ui::Ui& ui, App& app, float left, float top, float width, UnixMs now, float bottom) {
    const char* rows[] = {"123", "456", "789", "+0"};
    float em = ui.em(), gap = 0.3f * em;
    float key = std::min(width / 3.0f - gap, 6.0f * em);
    float h = std::max(std::min(2.3f * em, (bottom - top) / 4.0f - gap), ui.min_touch());
    float x0 = left + (width - 3 * (key + gap)) * 0.5f;
    top = keys_top(ui, top, bottom, 4, h, gap);
    for (int r = 0; r < 4; ++r) {
        ImGui::SetCursorPos(ImVec2(x0, top + static_cast<float>(r) * (h + gap)));
        for (const char* c = rows[r]; *c; ++c) {
            if (c != rows[r]) ImGui::SameLine(0, gap);
            std::string label(1, *c), id = std::string("osk.") + *c;
            if (ui.button(id.c_str(), label, ImVec2(key, h), ui::Style::key, ui::Font::title)) {
                app.touched(now);
                app.press_key(static_cast<char32_t>(*c));
            }
        }
    }
    ImGui::SameLine(0, gap);
    if (ui.button("osk.backspace", _("Delete"), ImVec2(key, h), ui::Style::key)) {
        app.touched(now);
        app.backspace();
    }
}

}  // namespace

void keyboard(ui::Ui& ui, App& app, float left, float top, float width, bool code_keypad, UnixMs now, float bottom) {
    const KioskState& s = app.state();
    if (!code_keypad && s.focus == Field::phone) return phone_pad(ui, app, left, top, width, now, bottom);
    const char** rows = code_keypad ? kCode : s.symbols ? kSymbols : kLetters;
    float em = ui.em(), gap = 0.3f * em;
    float key = std::min(width / 10.0f - gap, 3.4f * em);
    int n_rows = code_keypad ? 4 : 5;
    // As tall as comfortable, shorter when the screen is tight, never under a finger's size.
    float h = std::max(std::min(2.3f * em, (bottom - top) / static_cast<float>(n_rows) - gap), ui.min_touch());
    top = keys_top(ui, top, bottom, n_rows, h, gap);
    float row_w = 10 * (key + gap);
    float x0 = left + (width - row_w) * 0.5f;
    for (int r = 0; r < 4; ++r) {
        ImGui::SetCursorPos(ImVec2(x0, top + static_cast<float>(r) * (h + gap)));
        for (const char* c = rows[r]; *c; ++c) {
            bool capital = !code_keypad && s.shift && *c >= 'a' && *c <= 'z';
            std::string label(1, capital ? static_cast<char>(*c - 'a' + 'A') : *c), id = std::string("osk.") + *c;
            if (c != rows[r]) ImGui::SameLine(0, gap);
            if (ui.button(id.c_str(), label, ImVec2(key, h), ui::Style::key)) {
                app.touched(now);
                if (code_keypad) app.type_text(label);
                else app.press_key(static_cast<char32_t>(static_cast<unsigned char>(*c)));
            }
        }
    }
    if (code_keypad) ImGui::SameLine(0, gap);  // the delete key sits beside Y and Z
    else bottom_row(ui, app, x0, top + 4 * (h + gap), key, gap, h, now);
    if (ui.button("osk.backspace", _("Delete"), ImVec2(2 * key + gap, h), ui::Style::key)) {
        app.touched(now);
        app.backspace();
    }
}

// Landscape screens show a step's message inside the Back/Next bar; portrait ones,
// which have height to spare but not width, above it.
bool message_in_bar(const ui::Ui& ui) { return ui.width() > ui.height(); }
float content_bottom(const ui::Ui& ui) {
    return ui.height() - 3.4f * ui.em() - (message_in_bar(ui) ? 0.4f : 2.4f) * ui.em();
}
float keyboard_min_height(const ui::Ui& ui) { return 5 * (ui.min_touch() + 0.3f * ui.em()); }

// A question over the dimmed screen: a box of `w` x `h` (in pixels) in the middle,
// outlined when `outline`. Returns its top-left corner.
static ImVec2 dialog_box(ui::Ui& ui, float w, float h, bool outline) {
    float em = ui.em();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width(), ui.height()), IM_COL32(0, 0, 0, 150));
    ImVec2 p((ui.width() - w) / 2, (ui.height() - h) / 2);
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.theme().surface, em * 0.4f);
    if (outline) dl->AddRect(p, ImVec2(p.x + w, p.y + h), ui.theme().text, em * 0.4f, 0, std::max(2.0f, em * 0.1f));
    return p;
}

static void idle_prompt(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em();
    float w = std::min(ui.width() - 2 * em, 34 * em), h = 14 * em;
    ImVec2 p = dialog_box(ui, w, h, true);  // outlined: in high contrast the box is as black as the dimmed screen
    UnixMs left = app.quiet_since() + app.settings().idle_ms + app.settings().idle_grace_ms - now;
    int secs = static_cast<int>(std::max<UnixMs>(0, (left + 999) / 1000));
    ui.text_centered(_("Are you still there?"), ui::Font::title, p.y + em);
    const char* what = app.state().screen == Screen::wizard ? _("Your report will be erased in {} seconds.")
                       : app.receipt_unprinted()
                           ? _("Your receipt did not print: the ward officer can print it for you. This screen "
                               "returns to the start in {} seconds.")
                           : _("This screen returns to the start in {} seconds.");
    std::string said = i18n::format(what, {std::to_string(secs)});
    ImFont* f = ui.font(ui::Font::large);
    if (f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, said.c_str()).x <= w - 2 * em) {
        ui.text_centered(said, ui::Font::large, p.y + 4 * em);
    } else {  // a longer explanation: wrapped inside the box
        ImGui::SetCursorPos(ImVec2(p.x + em, p.y + 3.4f * em));
        ui.text(said, ui::Font::body, 0, w - 2 * em);
    }
    ImGui::SetCursorPos(ImVec2(p.x + (w - 16 * em) / 2, p.y + h - 5 * em));
    if (ui.button("idle.continue", _("Yes, continue"), ImVec2(16 * em, 3.2f * em))) app.keep_going(now);
}

// "Discard the report you are typing?" after Home mid-report: two answers of equal
// size; keeping the draft is the primary one, so that a slip loses nothing.
static void leave_prompt(ui::Ui& ui, App& app, UnixMs now) {
    float em = ui.em();
    float w = std::min(ui.width() - 2 * em, 34 * em), h = 14 * em;
    ImVec2 p = dialog_box(ui, w, h, true);
    ui.text_centered(_("Discard the report you are writing?"), ui::Font::title, p.y + em);
    ui.text_centered(_("What you have entered will be erased."), ui::Font::large, p.y + 4 * em);
    float bw = std::min(14 * em, (w - 3 * em) / 2);
    ImGui::SetCursorPos(ImVec2(p.x + w / 2 - em * 0.5f - bw, p.y + h - 5 * em));
    if (ui.button("leave.keep", _("Keep writing"), ImVec2(bw, 3.2f * em))) app.keep_report(now);
    ImGui::SetCursorPos(ImVec2(p.x + w / 2 + em * 0.5f, p.y + h - 5 * em));
    if (ui.button("leave.discard", _("Discard the report"), ImVec2(bw, 3.2f * em), ui::Style::danger)) app.discard_report();
}

void draw_frame(ui::Ui& ui, App& app, Chrome& chrome, UnixMs now) {
    ui.set_theme(chrome.high_contrast);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width(), ui.height()));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui.theme().background);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    const KioskState& st = app.state();
    bool power = st.screen == Screen::staff && st.staff.power_menu;
    bool prompt = st.idle_prompt || power || app.leave_asking();
    if (prompt) ImGui::BeginDisabled();
    switch (app.state().screen) {
    case Screen::home: draw_home(ui, app, chrome, now); break;
    case Screen::wizard: draw_wizard(ui, app, now); break;
    case Screen::receipt: draw_receipt(ui, app, chrome, now); break;
    case Screen::lookup: draw_lookup(ui, app, chrome, now); break;
    case Screen::board: draw_board(ui, app, now); break;
    case Screen::stats: draw_stats(ui, app, now); break;
    case Screen::staff_pin: draw_staff_pin(ui, app, now); break;
    case Screen::staff: draw_staff(ui, app, now); break;
    case Screen::staff_log: draw_staff_log(ui, app, now); break;
    case Screen::staff_code: draw_staff_code(ui, app, now); break;
    }
    if (prompt) ImGui::EndDisabled();
    ImGui::End();
    // The prompt is a window of its own, in front: the screens' scroll regions are child
    // windows, drawn (and touched) after whatever the kiosk window itself holds.
    if (prompt) {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(ui.width(), ui.height()));
        ImGui::SetNextWindowFocus();
        ImGui::Begin("dialog", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollWithMouse);
        if (st.idle_prompt) idle_prompt(ui, app, now);
        else if (app.leave_asking()) leave_prompt(ui, app, now);
        else draw_power_menu(ui, app, now);
        ImGui::End();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

}  // namespace wk::screens
