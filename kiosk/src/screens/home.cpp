// Home: the ward, the four large actions, the language and contrast switches.
#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"

namespace wk::screens {

static void switches(ui::Ui& ui, Chrome& chrome) {
    float em = ui.em(), w = 7.5f * em, h = 2.4f * em, gap = 0.4f * em;
    bool vi = i18n::language() == "vi";
    ImGui::SetCursorPos(ImVec2(ui.width() - 3 * w - 2 * gap - em, em));
    if (ui.button("home.lang_vi", "Tiếng Việt", ImVec2(w, h), vi ? ui::Style::selected : ui::Style::secondary,
                  ui::Font::body))
        i18n::set_language("vi");
    ImGui::SameLine(0, gap);
    if (ui.button("home.lang_en", "English", ImVec2(w, h), vi ? ui::Style::secondary : ui::Style::selected,
                  ui::Font::body))
        i18n::set_language("en");
    ImGui::SameLine(0, gap);
    if (ui.button("home.contrast", _("High contrast"), ImVec2(w, h),
                  chrome.high_contrast ? ui::Style::selected : ui::Style::secondary, ui::Font::body))
        chrome.high_contrast = !chrome.high_contrast;
}

void draw_home(ui::Ui& ui, App& app, Chrome& chrome, UnixMs now) {
    float em = ui.em();
    const KioskSettings& s = app.settings();
    bool narrow = ui.width() < ui.height();
    ImGui::SetCursorPos(ImVec2(em, narrow ? 4.2f * em : em));
    ui.text(s.ward, ui::Font::title);
    ImGui::SetCursorPosX(em);
    ui.text(s.province, ui::Font::large, ui.theme().muted);
    switches(ui, chrome);
    float top = (narrow ? 10.0f : 7.0f) * em, bottom = 4.0f * em, gap = em;
    float tw = (ui.width() - 2 * em - gap) / 2, th = (ui.height() - top - bottom - gap) / 2;
    struct Tile { const char* id; const char* label; const char* hint; };
    const Tile tiles[] = {{"home.report", N_("File a report"), N_("Report a problem in your area")},
                          {"home.lookup", N_("Look up a report"), N_("Type or scan your receipt code")},
                          {"home.board", N_("Reports board"), N_("This year's reports by field and status")},
                          {"home.stats", N_("Statistics"), N_("Figures for this year")}};
    for (int i = 0; i < 4; ++i) {
        ImVec2 at(em + static_cast<float>(i % 2) * (tw + gap), top + static_cast<float>(i / 2) * (th + gap));
        ImGui::SetCursorPos(at);
        if (ui.button(tiles[i].id, _(tiles[i].label), ImVec2(tw, th), i == 0 ? ui::Style::primary : ui::Style::tile,
                      ui::Font::title)) {
            app.touched(now);
            if (i == 0) app.start_report(now);
            else if (i == 1) app.open_lookup();
            else if (i == 2) app.open_board(now);
            else app.open_stats(now);
        }
        ImGui::SetCursorPos(ImVec2(at.x + em, at.y + th * 0.5f + em * 1.6f));
        ui.text(_(tiles[i].hint), ui::Font::body, i == 0 ? ui.theme().primary_text : ui.theme().muted, tw - 2 * em);
    }
    ImGui::SetCursorPos(ImVec2(em, ui.height() - 2.6f * em));
    ui.text(i18n::format(_("Hotline: {}"), {s.hotline}), ui::Font::large);
    if (!app.state().message.empty()) {
        // Beside the hotline when wide; on a narrow screen there is room only above the
        // tiles. Wrapped at the screen's right edge either way.
        float x = narrow ? em : ui.width() * 0.4f, y = narrow ? top - 1.6f * em : ui.height() - 2.6f * em;
        ImGui::SetCursorPos(ImVec2(x, y));
        ui.text(_(app.state().message.c_str()), narrow ? ui::Font::body : ui::Font::large, ui.theme().error,
                ui.width() - x - em);
    }
}

}  // namespace wk::screens
