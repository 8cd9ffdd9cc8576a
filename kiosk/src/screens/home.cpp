// Home: the ward, the four large actions, the language and contrast switches. Holding
// the ward's name for a few seconds opens the staff PIN pad (no visible button).
#include <algorithm>

#include "kiosk/screens.hpp"
#include "kiosk/strings.hpp"

namespace wk::screens {

constexpr float kSwitchEm = 7.0f, kSwitchGapEm = 0.4f;
constexpr int kSwitches = 4;

// Each switch is kSwitchEm wide, less when the screen is narrow (its label wraps).
static float switch_w(const ui::Ui& ui) {
    float em = ui.em();
    float fit = (ui.width() - 2 * em - (kSwitches - 1) * kSwitchGapEm * em) / kSwitches;
    return std::max(ui.min_touch(), std::min(kSwitchEm * em, fit));
}

static float switches_width(const ui::Ui& ui) {
    return kSwitches * switch_w(ui) + (kSwitches - 1) * kSwitchGapEm * ui.em();
}

static void switches(ui::Ui& ui, Chrome& chrome) {
    float em = ui.em(), w = switch_w(ui), h = 2.4f * em, gap = kSwitchGapEm * em;
    bool vi = i18n::language() == "vi";
    ImGui::SetCursorPos(ImVec2(ui.width() - switches_width(ui) - em, em));
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
    ImGui::SameLine(0, gap);
    if (ui.button("home.large_text", _("Larger text"), ImVec2(w, h),
                  chrome.large_text ? ui::Style::selected : ui::Style::secondary, ui::Font::body))
        chrome.large_text = !chrome.large_text;
}

void draw_home(ui::Ui& ui, App& app, Chrome& chrome, UnixMs now) {
    float em = ui.em();
    const KioskSettings& s = app.settings();
    // The switches sit beside the ward's name when both fit, else above it.
    ImFont* title = ui.font(ui::Font::title);
    float name_w = std::max(title->CalcTextSizeA(title->FontSize, FLT_MAX, 0, s.ward.c_str()).x,
                            ui.font(ui::Font::large)->CalcTextSizeA(ui.font(ui::Font::large)->FontSize, FLT_MAX, 0,
                                                                   s.province.c_str()).x);
    bool narrow = ui.width() < name_w + switches_width(ui) + 3 * em;
    ImVec2 name_at(em, narrow ? 4.2f * em : em);
    // The hidden staff entry: the ward's name and province, held (App::hold_ward_name).
    ImGui::SetCursorPos(name_at);
    float name_h = title->FontSize + ui.font(ui::Font::large)->FontSize * 1.3f;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("home.ward", ImVec2(std::max(name_w, ui.min_touch()), std::max(name_h, ui.min_touch())));
    app.hold_ward_name(ImGui::IsItemActive(), now);
    ui.record_target("home.ward", s.ward, p, ImGui::GetItemRectMax());
    ImGui::SetCursorPos(name_at);
    ui.text(s.ward, ui::Font::title);
    ImGui::SetCursorPosX(em);
    ui.text(s.province, ui::Font::large, ui.theme().muted);
    switches(ui, chrome);
    float top = (narrow ? 10.0f : 7.0f) * em, bottom = 4.0f * em, gap = em;
    float tw = (ui.width() - 2 * em - gap) / 2, th = (ui.height() - top - bottom - gap) / 2;
    struct Tile { const char* id; const char* label; const char* hint; const char* icon; };
    const Tile tiles[] = {{"home.report", N_("File a report"), N_("Report a problem in your area"), "action.report"},
                          {"home.lookup", N_("Look up a report"), N_("Type or scan your receipt code"), "action.lookup"},
                          {"home.board", N_("Reports board"), N_("This year's reports by field and status"), "action.board"},
                          {"home.stats", N_("Statistics"), N_("Figures for this year"), "action.stats"}};
    for (int i = 0; i < 4; ++i) {
        ImVec2 at(em + static_cast<float>(i % 2) * (tw + gap), top + static_cast<float>(i / 2) * (th + gap));
        ImGui::SetCursorPos(at);
        if (ui.tile(tiles[i].id, _(tiles[i].label), _(tiles[i].hint), ImVec2(tw, th),
                    i == 0 ? ui::Style::primary : ui::Style::tile, tiles[i].icon)) {
            app.touched(now);
            if (i == 0) app.start_report(now);
            else if (i == 1) app.open_lookup();
            else if (i == 2) app.open_board(now);
            else app.open_stats(now);
        }
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
